# The workbench's translations, built into slb_widgets as resources under :/translations (the
# .qm next to slb_widgets in the build tree: <build>/widgets/slb_workbench_zh_CN.qm), so that an
# installed binary needs no path to find them. A build only runs lrelease; the .ts files change
# through `cmake --build <build> --target update_translations` (lupdate) or by hand, never behind
# a build's back. tests/window/tst_translation runs the same lupdate on a copy and fails on any
# entry left unfinished or obsolete.
find_package(Qt6 6.4 REQUIRED COMPONENTS LinguistTools)

# What lupdate reads, relative to the source root: every folder with user-visible tr() strings.
# translations/ itself: configfieldhelp.h lists the config registry's help texts for lupdate.
set(slb_translated_dirs widgets app/slbworkbench core/session translations)
set(slb_translation_files "${PROJECT_SOURCE_DIR}/translations/slb_workbench_zh_CN.ts")
set(slb_translated_sources "")
foreach(dir IN LISTS slb_translated_dirs)
    file(GLOB_RECURSE found CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/${dir}/*.cpp"
         "${PROJECT_SOURCE_DIR}/${dir}/*.h")
    list(APPEND slb_translated_sources ${found})
endforeach()
# core/: "session/trainingsession.h" is included relative to it; without the header lupdate
# cannot tell that TrainingSession lives in namespace slb, and files its strings wrongly.
set(slb_lupdate_includes "${PROJECT_SOURCE_DIR}/core")

qt_add_translations(slb_widgets
    TS_FILES ${slb_translation_files}
    SOURCES ${slb_translated_sources}
    INCLUDE_DIRECTORIES ${slb_lupdate_includes}
    RESOURCE_PREFIX "/translations"
    LUPDATE_OPTIONS -no-obsolete -locations relative)

# For tst_translation: the same lupdate over the same folders.
set_property(GLOBAL PROPERTY SLB_TRANSLATED_DIRS ${slb_translated_dirs})
set_property(GLOBAL PROPERTY SLB_TRANSLATION_FILES ${slb_translation_files})
set_property(GLOBAL PROPERTY SLB_LUPDATE_INCLUDES ${slb_lupdate_includes})
# Qt's lupdate itself: /usr/bin/lupdate on Debian is qtchooser, which looks for Qt 5's.
get_target_property(slb_lupdate Qt6::lupdate LOCATION)
set_property(GLOBAL PROPERTY SLB_LUPDATE "${slb_lupdate}")
