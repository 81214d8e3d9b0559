# TrainingSession: the worker thread, its signals, control and steering, on synthetic data.
slb_add_test(tst_trainingsession SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_trainingsession.cpp ${CMAKE_CURRENT_LIST_DIR}/sessiontesthelpers.h
             LIBS slb_session LABELS integration TIMEOUT 600)

# The session with processes > 1 (issue 12): rank 0 in the session, the others slb-train.
slb_add_test(tst_sessiondistributed SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_sessiondistributed.cpp ${CMAKE_CURRENT_LIST_DIR}/sessiontesthelpers.h
             LIBS slb_session LABELS integration TIMEOUT 900)
target_compile_definitions(tst_sessiondistributed PRIVATE SLB_TRAIN_BINARY="$<TARGET_FILE:slb-train>")
add_dependencies(tst_sessiondistributed slb-train)
