# Installed layout and the Debian package (cpack -G DEB): the two programs in bin, the desktop
# entry, AppStream metainfo and icons where desktops look for them, the presets and the
# translations under share/slb-workbench (both programs also carry them as Qt resources, so
# neither looks for a file next to itself), the README and the design notes under share/doc.
include(GNUInstallDirs)
# cpack installs what is built; it never builds (the package test runs it beside other tests).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS slb-workbench slb-train RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES packaging/slb-workbench.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
configure_file(packaging/io.github.slbworkbench.SlbWorkbench.metainfo.xml
               "${CMAKE_CURRENT_BINARY_DIR}/io.github.slbworkbench.SlbWorkbench.metainfo.xml" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/io.github.slbworkbench.SlbWorkbench.metainfo.xml"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES packaging/icons/slb-workbench.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES packaging/icons/slb-workbench.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps)
install(FILES resources/presets/presets.json DESTINATION ${CMAKE_INSTALL_DATADIR}/slb-workbench/presets)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/widgets/slb_workbench_zh_CN.qm"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/slb-workbench/translations OPTIONAL)
install(FILES README.md docs/design.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/slb-workbench)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME slb-workbench)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "SLB Workbench developers <slb-workbench@users.noreply.github.com>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Train low-bit neural networks with SLB and LSQ and watch them learn
 A desktop workbench (slb-workbench) and a headless trainer (slb-train) on LibTorch:
 per-layer softmax distributions sharpening under the temperature schedule, LSQ step
 sizes, W_c and W_q accuracy side by side; replay, compare and export runs;
 temperature and LSQ playgrounds and a guided demo for teaching.")
# What the two programs link (ldd, then dpkg -S), and the Qt platform plugins in libqt6gui6.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libtorch1.13, libopenblas0-pthread, libqt6core6 (>= 6.4), libqt6gui6 (>= 6.4), libqt6widgets6 (>= 6.4), libqt6printsupport6 (>= 6.4), libqt6svg6 (>= 6.4), libqcustomplot2.1-qt6, libsqlite3-0, libprotobuf32, zlib1g, libgomp1, libstdc++6, libc6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dataset-fashion-mnist, qt6-translations-l10n, fonts-wqy-microhei")
include(CPack)
