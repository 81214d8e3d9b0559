slb_add_test(tst_packedmodel TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_packedmodel.cpp LABELS integration
             TIMEOUT 300)
