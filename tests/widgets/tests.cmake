# Widget tests: one Qt Test class per tst_*.cpp here, offscreen, linking the torch-free
# slb_widgets only. Helpers shared by several tests live in widgetfixtures.h.
file(GLOB slb_widget_tests CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/tst_*.cpp")
foreach(src ${slb_widget_tests})
    get_filename_component(name "${src}" NAME_WE)
    slb_add_test(${name} WIDGETS SOURCES "${src}" LABELS widgets)
endforeach()

# Bad run folders in the workbench (issue 9): SQLite is called to make a newer-schema run.
target_link_libraries(tst_badruns PRIVATE SQLite::SQLite3)
# Following a real slb-train in a child process, killed mid-run.
target_compile_definitions(tst_followprocess PRIVATE SLB_TRAIN_BINARY="$<TARGET_FILE:slb-train>")
add_dependencies(tst_followprocess slb-train)
