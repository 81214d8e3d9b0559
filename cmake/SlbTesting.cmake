# slb_add_test(<name> [TORCH | WIDGETS] [LABELS ...] SOURCES ... [LIBS ...])
# One Qt Test class per file; the test's name is its file's base name (tst_<thing>).
# TORCH tests share one precompiled <torch/torch.h> so that each costs seconds, not twenty.
# WIDGETS tests link the torch-free slb_widgets instead of the engine.

# The shared header holds torch only: Qt6::Test gives every target its own
# QT_TESTCASE_BUILDDIR/SOURCEDIR, which qtest.h reads, so a header with QtTest in it would be
# rejected (-Winvalid-pch) by every test outside this directory, and each would compile torch.
if(NOT TARGET slb_test_torch_pch)
    file(WRITE "${CMAKE_BINARY_DIR}/slb_test_pch.cpp" "// precompiled-header carrier\n")
    add_library(slb_test_torch_pch OBJECT "${CMAKE_BINARY_DIR}/slb_test_pch.cpp")
    target_link_libraries(slb_test_torch_pch PRIVATE slb_core slb_torch_options
                                                     "${TORCH_LIBRARIES}")
    target_precompile_headers(slb_test_torch_pch PRIVATE <torch/torch.h>)
endif()

function(slb_add_test name)
    cmake_parse_arguments(T "TORCH;WIDGETS" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    if(T_WIDGETS)
        target_link_libraries(${name} PRIVATE slb_widgets QCustomPlotQt6::QCustomPlotQt6
                                              Qt6::Test ${T_LIBS})
    else()
        target_link_libraries(${name} PRIVATE slb_core Qt6::Test ${T_LIBS})
    endif()
    if(T_TORCH)
        target_link_libraries(${name} PRIVATE slb_torch_options "${TORCH_LIBRARIES}")
        target_precompile_headers(${name} REUSE_FROM slb_test_torch_pch)
    else()
        target_link_libraries(${name} PRIVATE slb_options)
    endif()
    add_test(NAME ${name} COMMAND ${name})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    if(SLB_SANITIZE)  # instrumented code runs two to five times slower
        math(EXPR T_TIMEOUT "${T_TIMEOUT} * 3")
    endif()
    # ctest -j2 runs two torch tests side by side on two cores: libgomp's default of spinning
    # at every barrier then takes the core the other test needs (a 10 s test took 100 s), so the
    # threads sleep instead. QtTest 6.4's own watchdog can carry one deadline across several
    # test functions when it is not scheduled between them; ctest's timeout is the one that
    # counts, so the watchdog's is set to it.
    set(env "QT_QPA_PLATFORM=offscreen;SLB_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data/files"
            "SLB_BINARY_DIR=${PROJECT_BINARY_DIR}" "OMP_WAIT_POLICY=PASSIVE"
            "QTEST_FUNCTION_TIMEOUT=${T_TIMEOUT}000")
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${T_TIMEOUT}
                                            LABELS "${T_LABELS}")
endfunction()
