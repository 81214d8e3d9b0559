#pragma once
// Reading JSON that comes from outside (a packed model's manifest, a run's recorded info) without
// trusting it: every accessor checks the type and the range of what it reads and, when it does not
// fit, throws a FileFormatError that names the file, the field and what was expected. Sizes and
// offsets are read as unsigned counts only from non-negative integers, so a "-8" can never become
// a huge size_t. Torch-free and Qt-free.

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace slb {

/** A file whose contents do not have the expected shape; what() names the file and the field. */
class FileFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/** True when [offset, offset + bytes) lies inside a buffer of `size` bytes, computed without any
 *  arithmetic that can wrap around. */
constexpr bool rangeFits(std::uint64_t offset, std::uint64_t bytes, std::uint64_t size) {
    return offset <= size && bytes <= size - offset;
}

/** a·b, or false when it would exceed `limit` (no overflow for any inputs). */
constexpr bool checkedMultiply(std::uint64_t a, std::uint64_t b, std::uint64_t limit,
                               std::uint64_t* out) {
    if (a != 0 && b > limit / a)
        return false;
    *out = a * b;
    return true;
}

/**
 * One value of a JSON document, with the file it came from and its path inside it ("tensors[3].
 * offset"), so that every error can say where it is. Cheap to copy: it refers to the document.
 */
class JsonValue {
public:
    using Json = nlohmann::ordered_json;

    JsonValue(const Json& value, std::string file, std::string path = {});

    /** Parses `text` into `*doc`; a syntax error becomes a FileFormatError naming `file`. */
    static void parse(const std::string& text, const std::string& file, Json* doc);

    bool isNull() const { return m_v->is_null(); }
    bool isObject() const { return m_v->is_object(); }
    bool isString() const { return m_v->is_string(); }
    /** This value must be an object holding `key`. */
    bool has(std::string_view key) const;
    /** The member `key` of this object; an error when this is no object or `key` is missing. */
    JsonValue operator[](std::string_view key) const;
    /** Element i of this array (i < size()). */
    JsonValue operator[](std::size_t i) const;
    /** Number of elements of this array; an error when it is no array. */
    std::size_t size() const;

    /** An integer in [lo, hi]; 3.0 is accepted, 3.5 or "3" are not. */
    std::int64_t integer(std::int64_t lo = std::numeric_limits<std::int64_t>::min(),
                         std::int64_t hi = std::numeric_limits<std::int64_t>::max()) const;
    /** A size, count or offset: a non-negative integer ≤ max. */
    std::uint64_t count(std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) const;
    /** A finite number. */
    double number() const;
    std::string string() const;
    bool boolean() const;
    std::vector<std::int64_t> integers(std::int64_t lo, std::int64_t hi) const;
    std::vector<double> numbers() const;
    std::vector<std::string> strings() const;

    /** The optional member `key`, or `fallback` when it is absent (or null). */
    std::int64_t integerOr(std::string_view key, std::int64_t fallback, std::int64_t lo,
                           std::int64_t hi) const;
    double numberOr(std::string_view key, double fallback) const;
    std::string stringOr(std::string_view key, const std::string& fallback) const;

    const Json& raw() const { return *m_v; }
    const std::string& file() const { return m_file; }
    /** The path inside the document, "(top level)" for the document itself. */
    std::string path() const;
    /** Throws FileFormatError "FILE: field 'PATH': what". */
    [[noreturn]] void fail(const std::string& what) const;

private:
    [[noreturn]] void expected(const std::string& what) const;

    const Json* m_v;
    std::string m_file;
    std::string m_path;
};

/** The JSON type of `v` as a user reads it: "a string", "a negative integer", "an array", … */
std::string describeJson(const nlohmann::ordered_json& v);

}  // namespace slb
