slb_add_test(tst_idxreader TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_idxreader.cpp ${CMAKE_CURRENT_LIST_DIR}/datafiles.h LIBS ZLIB::ZLIB LABELS unit)
slb_add_test(tst_cifar TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cifar.cpp ${CMAKE_CURRENT_LIST_DIR}/datafiles.h LIBS ZLIB::ZLIB LABELS unit)
slb_add_test(tst_synthetic TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_synthetic.cpp LABELS unit)
# A hang in the loader's shutdown must fail fast, not after the default five minutes.
slb_add_test(tst_batchloader TORCH SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_batchloader.cpp ${CMAKE_CURRENT_LIST_DIR}/datafiles.h LIBS ZLIB::ZLIB
             TIMEOUT 60 LABELS unit)
