# The workbench window and its panels driven by a real TrainingSession on synthetic data.
foreach(name tst_livepanels tst_mainwindow)
    slb_add_test(${name} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp
                 LIBS slb_window QCustomPlotQt6::QCustomPlotQt6 LABELS integration TIMEOUT 600)
endforeach()
slb_add_test(tst_export SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_export.cpp
             LIBS slb_window QCustomPlotQt6::QCustomPlotQt6 Qt6::Svg LABELS integration)
