# TrainingSession: the worker thread, its signals, control and steering, on synthetic data.
slb_add_test(tst_trainingsession SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_trainingsession.cpp
             LIBS slb_session LABELS integration TIMEOUT 600)
