# Fails when a translation unit of the GUI (widgets/, widgets/window/, app/slbworkbench/, and the
# moc files generated for them) can reach a torch header, directly or through any header it
# includes. Each TU's own compile command (from compile_commands.json) is re-run with -M -MG, which
# lists every header it reaches without compiling. Run with:
#   cmake -DCOMPILE_DB=<build>/compile_commands.json -DSOURCE_DIR=<src> -DFIXTURE=<file> -P this
# FIXTURE is a file that includes torch: the check must flag it, or it could never fail.

file(READ "${COMPILE_DB}" db)
string(JSON count LENGTH "${db}")
math(EXPR last "${count} - 1")
set(checked 0)
set(offenders "")
set(fixture_cmd "")

function(reached_headers command file out_var)
    # Drop the object output and the depfile options: print the dependencies instead.
    string(REGEX REPLACE " -o [^ ]+" "" command "${command}")
    string(REGEX REPLACE " -M[DF] [^ ]+| -MT [^ ]+| -MD" "" command "${command}")
    string(REGEX REPLACE " -c [^ ]+" "" command "${command}")
    separate_arguments(args UNIX_COMMAND "${command}")
    execute_process(COMMAND ${args} -M -MG "${file}" OUTPUT_VARIABLE deps ERROR_VARIABLE err
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "could not list the headers of ${file}: ${err}")
    endif()
    set(${out_var} "${deps}" PARENT_SCOPE)
endfunction()

foreach(i RANGE ${last})
    string(JSON file GET "${db}" ${i} file)
    string(JSON command GET "${db}" ${i} command)
    string(JSON dir GET "${db}" ${i} directory)
    if(NOT file MATCHES "/widgets/|/app/slbworkbench/|slb_widgets_autogen|slb_window_autogen|slb-workbench_autogen")
        continue()
    endif()
    if(file MATCHES "qrc_")
        continue()
    endif()
    if(fixture_cmd STREQUAL "")
        set(fixture_cmd "${command}")
        set(fixture_dir "${dir}")
    endif()
    reached_headers("${command}" "${file}" deps)
    if(deps MATCHES "(^|[ /])(torch|ATen|c10)/")
        list(APPEND offenders "${file}")
    endif()
    math(EXPR checked "${checked} + 1")
endforeach()

if(checked LESS 5)
    message(FATAL_ERROR "only ${checked} GUI translation units found in ${COMPILE_DB}")
endif()
reached_headers("${fixture_cmd}" "${FIXTURE}" fixture_deps)
if(NOT fixture_deps MATCHES "(^|[ /])(torch|ATen|c10)/")
    message(FATAL_ERROR "the check did not see the torch header that ${FIXTURE} includes")
endif()
if(offenders)
    list(JOIN offenders "\n  " text)
    message(FATAL_ERROR "these GUI translation units reach a torch header:\n  ${text}")
endif()
message(STATUS "${checked} GUI translation units checked: none reaches a torch header")
