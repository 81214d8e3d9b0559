# The Debian package, as a user gets it (issue 10): cpack builds the .deb from this build, it
# carries the Depends on Debian's Qt 6, LibTorch, QCustomPlot, SQLite and OpenBLAS, and unpacked
# into an empty root (dpkg -x) both programs run from there — --version, and a one-epoch
# synthetic slb-train run — while the shipped desktop entry and AppStream metainfo validate.
# cmake -DCPACK=... -DBINARY_DIR=... -DWORK=... -P checkpackage.cmake
foreach(var CPACK BINARY_DIR WORK)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "checkpackage: -D${var}=... missing")
    endif()
endforeach()

function(run what)
    cmake_parse_arguments(R "" "EXPECT" "COMMAND" ${ARGN})
    # The installed programs must find everything without the build tree's help.
    execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=LD_LIBRARY_PATH ${R_COMMAND}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
    endif()
    if(R_EXPECT AND NOT "${out}${err}" MATCHES "${R_EXPECT}")
        message(FATAL_ERROR "${what}: expected '${R_EXPECT}' in:\n${out}${err}")
    endif()
    message(STATUS "${what}: ok")
    set(last_output "${out}${err}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/root")
run("cpack" COMMAND "${CPACK}" -G DEB -B "${WORK}" --config "${BINARY_DIR}/CPackConfig.cmake")
file(GLOB debs "${WORK}/*.deb")
list(LENGTH debs count)
if(NOT count EQUAL 1)
    message(FATAL_ERROR "expected one .deb in ${WORK}, found: ${debs}")
endif()
run("dpkg-deb --field" COMMAND dpkg-deb --field "${debs}" Package Version Depends Section)
foreach(dep libtorch1.13 libopenblas0-pthread libqt6widgets6 libqt6svg6 libqt6printsupport6
            libqcustomplot2.1-qt6 libsqlite3-0 libprotobuf32)
    if(NOT last_output MATCHES "${dep}")
        message(FATAL_ERROR "Depends lacks ${dep}:\n${last_output}")
    endif()
endforeach()
if(NOT last_output MATCHES "Section: science")
    message(FATAL_ERROR "not in section science:\n${last_output}")
endif()

run("dpkg -x" COMMAND dpkg -x "${debs}" "${WORK}/root")
set(root "${WORK}/root/usr")
foreach(f bin/slb-workbench bin/slb-train share/applications/slb-workbench.desktop
          share/metainfo/io.github.slbworkbench.SlbWorkbench.metainfo.xml
          share/icons/hicolor/scalable/apps/slb-workbench.svg
          share/icons/hicolor/256x256/apps/slb-workbench.png
          share/slb-workbench/presets/presets.json
          share/slb-workbench/translations/slb_workbench_zh_CN.qm
          share/doc/slb-workbench/README.md share/doc/slb-workbench/design.md)
    if(NOT EXISTS "${root}/${f}")
        message(FATAL_ERROR "the package lacks /usr/${f}")
    endif()
endforeach()

run("slb-train --version" COMMAND "${root}/bin/slb-train" --version EXPECT "^slb-train [0-9]+\\.[0-9]+")
run("slb-workbench --version"
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen "${root}/bin/slb-workbench" --version
    EXPECT "slb-workbench [0-9]+\\.[0-9]+")
# The presets and the Chinese translation are in the binary: --help in Chinese needs no file.
run("slb-workbench --lang zh_CN --help"
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen "${root}/bin/slb-workbench"
            --lang zh_CN --help
    EXPECT "--preset")
run("one synthetic epoch"
    COMMAND "${root}/bin/slb-train" --dataset synthetic --epochs 1 --batch-size 64 --threads 1
            --out "${WORK}/run" --quiet)
run("slb-train inspect" COMMAND "${root}/bin/slb-train" inspect "${WORK}/run" EXPECT "finished")
run("desktop-file-validate"
    COMMAND desktop-file-validate "${root}/share/applications/slb-workbench.desktop")
run("appstreamcli validate"
    COMMAND appstreamcli validate --no-net
            "${root}/share/metainfo/io.github.slbworkbench.SlbWorkbench.metainfo.xml")
