slb_add_test(tst_slbtrain SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_slbtrain.cpp ${CMAKE_CURRENT_LIST_DIR}/slbtraintool.h LIBS SQLite::SQLite3
             nlohmann_json::nlohmann_json LABELS integration TIMEOUT 600)
target_compile_definitions(tst_slbtrain PRIVATE SLB_TRAIN_BINARY="$<TARGET_FILE:slb-train>")
add_dependencies(tst_slbtrain slb-train)

# Bad run folders given to slb-train (issue 9): not a run, a newer schema, damaged, read-only.
slb_add_test(tst_slbtrainbadruns SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_slbtrainbadruns.cpp ${CMAKE_CURRENT_LIST_DIR}/slbtraintool.h
             ${CMAKE_CURRENT_LIST_DIR}/../record/badruns.h LIBS SQLite::SQLite3
             LABELS integration TIMEOUT 300)
target_compile_definitions(tst_slbtrainbadruns PRIVATE SLB_TRAIN_BINARY="$<TARGET_FILE:slb-train>")
add_dependencies(tst_slbtrainbadruns slb-train)

# Data-parallel training (issue 12): slb-train --nproc 2 over Gloo on loopback.
slb_add_test(tst_distributed TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_distributed.cpp ${CMAKE_CURRENT_LIST_DIR}/slbtraintool.h
             LABELS integration TIMEOUT 900)
target_compile_definitions(tst_distributed PRIVATE SLB_TRAIN_BINARY="$<TARGET_FILE:slb-train>")
add_dependencies(tst_distributed slb-train)
