#pragma once
// Paths of a run folder and the checks that turn a bad --out into a message with the fix.
// Private to core/record; POSIX; callable from any thread.

#include <cstdint>
#include <string>

namespace slb {

/** p without trailing slashes ("/" stays "/"). */
std::string trimTrailingSlashes(std::string p);
/** The folder that holds p: "." for a bare name, "/" for a top-level path. */
std::string parentFolder(const std::string& p);
/** True when p exists and is a folder (symlinks followed). */
bool isDirectory(const std::string& p);
/** True when p exists. */
bool pathExists(const std::string& p);
/** The size of the file p in bytes, -1 when it does not exist. */
std::int64_t fileSize(const std::string& p);
/** path as an SQLite URI file name: "file:", the percent-encoded path, "?" and query. */
std::string sqliteUri(const std::string& path, const char* query);
/**
 * Makes sure runDir is a folder a new run can go in, creating it (not its parents); false and
 * *error naming the path and the fix when it cannot.
 */
bool prepareNewRunFolder(const std::string& runDir, std::string* error);
/** Creates a sub-folder of a run (checkpoints/, exports/); an existing folder is fine. */
bool makeRunSubfolder(const std::string& path, std::string* error);

}  // namespace slb
