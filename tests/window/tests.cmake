# The workbench window and its panels driven by a real TrainingSession on synthetic data.
foreach(name tst_livepanels tst_mainwindow tst_demowindow)
    slb_add_test(${name} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp
                 LIBS slb_window QCustomPlotQt6::QCustomPlotQt6 LABELS integration TIMEOUT 600)
endforeach()
slb_add_test(tst_framemonitor SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_framemonitor.cpp
             LIBS slb_window)
slb_add_test(tst_export SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_export.cpp
             LIBS slb_window QCustomPlotQt6::QCustomPlotQt6 Qt6::Svg LABELS integration)

# tst_translation (translations/translations.cmake): the zh_CN window, and the .ts files checked
# complete by running lupdate over the same folders into a copy.
get_property(slb_lupdate GLOBAL PROPERTY SLB_LUPDATE)
get_property(slb_translated_dirs GLOBAL PROPERTY SLB_TRANSLATED_DIRS)
get_property(slb_translation_files GLOBAL PROPERTY SLB_TRANSLATION_FILES)
get_property(slb_lupdate_includes GLOBAL PROPERTY SLB_LUPDATE_INCLUDES)
slb_add_test(tst_translation SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_translation.cpp
             LIBS slb_window)
# Lists joined with '|': a ';' would split a compile definition in two.
foreach(list slb_translated_dirs slb_translation_files slb_lupdate_includes)
    string(REPLACE ";" "|" ${list} "${${list}}")
endforeach()
target_compile_definitions(tst_translation PRIVATE
    SLB_LUPDATE="${slb_lupdate}" SLB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SLB_TRANSLATED_DIRS="${slb_translated_dirs}" SLB_TRANSLATION_FILES="${slb_translation_files}"
    SLB_LUPDATE_INCLUDES="${slb_lupdate_includes}")
