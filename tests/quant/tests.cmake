slb_add_test(tst_slbweight TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_slbweight.cpp LABELS unit)
slb_add_test(tst_slblayers TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_slblayers.cpp LABELS unit)
slb_add_test(tst_statebatchnorm TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_statebatchnorm.cpp LABELS unit)
slb_add_test(tst_lsq TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_lsq.cpp
             ${CMAKE_CURRENT_LIST_DIR}/tensorexpect.h LABELS unit)
slb_add_test(tst_lsqlayers TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_lsqlayers.cpp
             ${CMAKE_CURRENT_LIST_DIR}/tensorexpect.h LABELS unit)
slb_add_test(tst_actquant TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_actquant.cpp
             ${CMAKE_CURRENT_LIST_DIR}/tensorexpect.h LABELS unit)
# The playgrounds' plain-double formulas against the engine's (issue 10).
slb_add_test(tst_quantmath TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_quantmath.cpp LABELS unit)
