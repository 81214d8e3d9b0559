# The .deb built, unpacked into an empty root and run from there (tests/packaging/checkpackage).
add_test(NAME package_deb_runs_installed
         COMMAND ${CMAKE_COMMAND} -DCPACK=${CMAKE_CPACK_COMMAND} -DBINARY_DIR=${PROJECT_BINARY_DIR}
                 -DWORK=${PROJECT_BINARY_DIR}/package-test -P
                 ${CMAKE_CURRENT_LIST_DIR}/checkpackage.cmake)
set_tests_properties(package_deb_runs_installed PROPERTIES LABELS integration TIMEOUT 300)
