slb_add_test(tst_trainer TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_trainer.cpp LABELS integration
             TIMEOUT 600)
slb_add_test(tst_resume TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_resume.cpp LABELS integration
             TIMEOUT 600)
slb_add_test(tst_config SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_config.cpp LABELS unit)
slb_add_test(tst_diskfull TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_diskfull.cpp LABELS integration
             TIMEOUT 300)
slb_add_test(tst_checkpointfile TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_checkpointfile.cpp
             LABELS unit TIMEOUT 300)
