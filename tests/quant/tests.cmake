slb_add_test(tst_slbweight TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_slbweight.cpp LABELS unit)
slb_add_test(tst_slblayers TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_slblayers.cpp LABELS unit)
slb_add_test(tst_statebatchnorm TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_statebatchnorm.cpp LABELS unit)
