slb_add_test(tst_trainer TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_trainer.cpp LABELS integration
             TIMEOUT 600)
