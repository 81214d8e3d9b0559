slb_add_test(tst_temperature SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_temperature.cpp LABELS unit)
slb_add_test(tst_lrschedule SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_lrschedule.cpp LABELS unit)
