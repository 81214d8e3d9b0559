#include "base/jsonvalue.h"

#include <cmath>

namespace slb {

namespace {

std::string shortDump(const nlohmann::ordered_json& v) {
    std::string s = v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (s.size() > 40)
        s = s.substr(0, 37) + "...";
    return s;
}

}  // namespace

std::string describeJson(const nlohmann::ordered_json& v) {
    switch (v.type()) {
        case nlohmann::ordered_json::value_t::null:
            return "null";
        case nlohmann::ordered_json::value_t::boolean:
            return std::string("the boolean ") + (v.get<bool>() ? "true" : "false");
        case nlohmann::ordered_json::value_t::string:
            return "the string " + shortDump(v);
        case nlohmann::ordered_json::value_t::array:
            return "an array";
        case nlohmann::ordered_json::value_t::object:
            return "an object";
        default:
            return shortDump(v);
    }
}

JsonValue::JsonValue(const Json& value, std::string file, std::string path)
    : m_v(&value), m_file(std::move(file)), m_path(std::move(path)) {}

void JsonValue::parse(const std::string& text, const std::string& file, Json* doc) {
    try {
        *doc = Json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte is where the parser stopped; the library's own text names no file.
        throw FileFormatError(file + ": not valid JSON (at byte " + std::to_string(e.byte) +
                              "); restore the file or write it again");
    } catch (const nlohmann::json::exception&) {
        // Not a parse_error: a number beyond double's range (1e666) is an out_of_range error.
        // Found by fuzz_recordedjson.
        throw FileFormatError(file +
                              ": not valid JSON (a number too large to read); restore the file "
                              "or write it again");
    }
}

std::string JsonValue::path() const {
    return m_path.empty() ? "(top level)" : m_path;
}

void JsonValue::fail(const std::string& what) const {
    throw FileFormatError(m_file + ": field '" + path() + "': " + what);
}

void JsonValue::expected(const std::string& what) const {
    fail("expected " + what + ", found " + describeJson(*m_v));
}

bool JsonValue::has(std::string_view key) const {
    if (!m_v->is_object())
        expected("an object");
    const auto it = m_v->find(std::string(key));
    return it != m_v->end() && !it->is_null();
}

JsonValue JsonValue::operator[](std::string_view key) const {
    if (!m_v->is_object())
        expected("an object");
    const auto it = m_v->find(std::string(key));
    std::string child = m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    if (it == m_v->end())
        throw FileFormatError(m_file + ": field '" + child + "' is missing");
    return JsonValue(*it, m_file, std::move(child));
}

JsonValue JsonValue::operator[](std::size_t i) const {
    if (!m_v->is_array())
        expected("an array");
    if (i >= m_v->size())
        fail("has no element " + std::to_string(i));
    return JsonValue((*m_v)[i], m_file, path() + "[" + std::to_string(i) + "]");
}

std::size_t JsonValue::size() const {
    if (!m_v->is_array())
        expected("an array");
    return m_v->size();
}

std::int64_t JsonValue::integer(std::int64_t lo, std::int64_t hi) const {
    const std::string range = "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    std::int64_t v = 0;
    if (m_v->is_number_unsigned()) {
        const auto u = m_v->get<std::uint64_t>();
        if (u > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            expected(range);
        v = std::int64_t(u);
    } else if (m_v->is_number_integer()) {
        v = m_v->get<std::int64_t>();
    } else if (m_v->is_number_float()) {
        const double d = m_v->get<double>();
        // 2^63 is the first double above every int64; the comparison below is exact.
        if (!std::isfinite(d) || d != std::floor(d) || d < -9.2233720368547758e18 ||
            d >= 9.2233720368547758e18)
            expected(range);
        v = std::int64_t(d);
    } else {
        expected(range);
    }
    if (v < lo || v > hi)
        expected(range);
    return v;
}

std::uint64_t JsonValue::count(std::uint64_t max) const {
    const std::string what = max == std::numeric_limits<std::uint64_t>::max()
                                 ? std::string("a non-negative integer")
                                 : "a non-negative integer no larger than " + std::to_string(max);
    std::uint64_t v = 0;
    if (m_v->is_number_unsigned()) {
        v = m_v->get<std::uint64_t>();
    } else if (m_v->is_number_integer()) {
        const auto i = m_v->get<std::int64_t>();
        if (i < 0)
            expected(what);
        v = std::uint64_t(i);
    } else if (m_v->is_number_float()) {
        const double d = m_v->get<double>();
        if (!std::isfinite(d) || d != std::floor(d) || d < 0 || d >= 1.8446744073709552e19)
            expected(what);
        v = std::uint64_t(d);
    } else {
        expected(what);
    }
    if (v > max)
        expected(what);
    return v;
}

double JsonValue::number() const {
    if (!m_v->is_number())
        expected("a number");
    const double d = m_v->get<double>();
    if (!std::isfinite(d))
        expected("a finite number");
    return d;
}

std::string JsonValue::string() const {
    if (!m_v->is_string())
        expected("a string");
    return m_v->get<std::string>();
}

bool JsonValue::boolean() const {
    if (!m_v->is_boolean())
        expected("true or false");
    return m_v->get<bool>();
}

std::vector<std::int64_t> JsonValue::integers(std::int64_t lo, std::int64_t hi) const {
    std::vector<std::int64_t> out(size());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = (*this)[i].integer(lo, hi);
    return out;
}

std::vector<double> JsonValue::numbers() const {
    std::vector<double> out(size());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = (*this)[i].number();
    return out;
}

std::vector<std::string> JsonValue::strings() const {
    std::vector<std::string> out(size());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = (*this)[i].string();
    return out;
}

std::int64_t JsonValue::integerOr(std::string_view key, std::int64_t fallback, std::int64_t lo,
                                  std::int64_t hi) const {
    return has(key) ? (*this)[key].integer(lo, hi) : fallback;
}

double JsonValue::numberOr(std::string_view key, double fallback) const {
    return has(key) ? (*this)[key].number() : fallback;
}

std::string JsonValue::stringOr(std::string_view key, const std::string& fallback) const {
    return has(key) ? (*this)[key].string() : fallback;
}

}  // namespace slb
