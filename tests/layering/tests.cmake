# widgets/ and the workbench never see torch (docs/design.md, "Layers"): checked on every build's own
# compile commands, so a header that starts to pull torch in fails the suite.
add_test(NAME layering_gui_is_torch_free
         COMMAND "${CMAKE_COMMAND}" -DCOMPILE_DB=${PROJECT_BINARY_DIR}/compile_commands.json
                 -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                 -DFIXTURE=${CMAKE_CURRENT_LIST_DIR}/reaches_torch.cpp
                 -P ${CMAKE_CURRENT_LIST_DIR}/check_torch_free.cmake)
set_tests_properties(layering_gui_is_torch_free PROPERTIES LABELS unit TIMEOUT 300)
