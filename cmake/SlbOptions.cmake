# Warnings and sanitizers live on one INTERFACE target that every project target links.
add_library(slb_options INTERFACE)
target_compile_options(slb_options INTERFACE -Wall -Wextra)
if(SLB_SANITIZE)
    target_compile_options(slb_options INTERFACE -fsanitize=${SLB_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(slb_options INTERFACE -fsanitize=${SLB_SANITIZE})
endif()
if(SLB_FUZZ)
    # Every library the harnesses link is instrumented for coverage and checked by ASan and
    # UBSan; a UBSan finding aborts like a crash so that libFuzzer keeps the input.
    target_compile_options(slb_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                 -fno-sanitize-recover=undefined
                                                 -fno-omit-frame-pointer -g)
    target_link_options(slb_options INTERFACE -fsanitize=address,undefined)
endif()

# Targets that see a torch header: Qt's `slots`/`signals` keywords clash with LibTorch.
add_library(slb_torch_options INTERFACE)
target_compile_definitions(slb_torch_options INTERFACE QT_NO_KEYWORDS)
target_link_libraries(slb_torch_options INTERFACE slb_options)
