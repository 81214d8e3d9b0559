# Run-store tests: torch-free, each well under a few seconds.
slb_add_test(tst_snapshotcodec SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_snapshotcodec.cpp ${CMAKE_CURRENT_LIST_DIR}/recordfixtures.h LABELS unit)
slb_add_test(tst_runstore SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_runstore.cpp ${CMAKE_CURRENT_LIST_DIR}/recordfixtures.h LABELS unit)
slb_add_test(tst_runstoreerrors SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_runstoreerrors.cpp LABELS unit)
slb_add_test(tst_runfollow SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_runfollow.cpp ${CMAKE_CURRENT_LIST_DIR}/recordfixtures.h LABELS unit)
slb_add_test(tst_metricsexport SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_metricsexport.cpp ${CMAKE_CURRENT_LIST_DIR}/recordfixtures.h LABELS unit)
slb_add_test(tst_distributionsexport SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_distributionsexport.cpp ${CMAKE_CURRENT_LIST_DIR}/recordfixtures.h LABELS unit)
slb_add_test(tst_tensorboardexport SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_tensorboardexport.cpp ${CMAKE_CURRENT_LIST_DIR}/recordfixtures.h ${CMAKE_CURRENT_LIST_DIR}/tbeventreader.h LABELS unit)

# A writer in another process, for the cross-process follow / lock / kill test.
add_executable(slb_run_writer_child ${CMAKE_CURRENT_LIST_DIR}/runwriterchild.cpp ${CMAKE_CURRENT_LIST_DIR}/recordfixtures.h)
target_link_libraries(slb_run_writer_child PRIVATE slb_core slb_options)
slb_add_test(tst_runfollowprocess SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_runfollowprocess.cpp ${CMAKE_CURRENT_LIST_DIR}/recordfixtures.h LABELS unit)
target_compile_definitions(tst_runfollowprocess
    PRIVATE SLB_RUN_WRITER_CHILD="$<TARGET_FILE:slb_run_writer_child>")
add_dependencies(tst_runfollowprocess slb_run_writer_child)
slb_add_test(tst_packedmanifest SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_packedmanifest.cpp LABELS unit)
