slb_add_test(tst_models TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_models.cpp LABELS unit)
