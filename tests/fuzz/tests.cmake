# Every input that once broke a fuzz harness is committed under regressions/<harness>/ and replayed
# here, through the same harness code, by a plain driver (no libFuzzer, no sanitizers needed): the
# normal suite keeps each fixed crash fixed. A harness gets its test once it has an input there.
set(slb_fuzz_dir "${CMAKE_CURRENT_LIST_DIR}")
function(slb_add_fuzz_replay harness)
    cmake_parse_arguments(R "TORCH" "" "SOURCES;LIBS" ${ARGN})
    if(NOT IS_DIRECTORY "${slb_fuzz_dir}/regressions/${harness}")
        return()
    endif()
    set(name replay_${harness})
    add_executable(${name} "${slb_fuzz_dir}/${harness}.cpp" "${slb_fuzz_dir}/replaymain.cpp"
                           ${R_SOURCES})
    target_include_directories(${name} PRIVATE "${slb_fuzz_dir}")
    target_link_libraries(${name} PRIVATE ${R_LIBS} slb_options)
    add_test(NAME ${name} COMMAND ${name} "${slb_fuzz_dir}/regressions/${harness}")
    set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

slb_add_fuzz_replay(fuzz_packedmodel LIBS slb_record)
slb_add_fuzz_replay(fuzz_configjson LIBS slb_base)
slb_add_fuzz_replay(fuzz_recordedjson LIBS slb_record)
slb_add_fuzz_replay(fuzz_runsqlite LIBS slb_record)
slb_add_fuzz_replay(fuzz_datasets LIBS slb_core slb_torch_options "${TORCH_LIBRARIES}")
slb_add_fuzz_replay(fuzz_presets SOURCES "${PROJECT_SOURCE_DIR}/widgets/presetlibrary.cpp"
                    LIBS slb_base Qt6::Core)
if(TARGET replay_fuzz_presets)
    target_include_directories(replay_fuzz_presets PRIVATE "${PROJECT_SOURCE_DIR}/widgets")
endif()
slb_add_fuzz_replay(fuzz_checkpoint LIBS slb_core slb_torch_options "${TORCH_LIBRARIES}")
