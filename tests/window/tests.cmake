# The workbench window and its panels driven by a real TrainingSession on synthetic data.
foreach(name tst_livepanels tst_mainwindow)
    slb_add_test(${name} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp
                 LIBS slb_window QCustomPlotQt6::QCustomPlotQt6 LABELS integration TIMEOUT 600)
endforeach()
