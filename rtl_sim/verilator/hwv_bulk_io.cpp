// hwverify bulk path under Verilator: stimulus and logs in memory, behind DPI-C functions the HDL helpers call
// (rtl_sim/hdl: hwv_player, hwv_recorder, hwv_cycle_log; Icarus, which has no DPI, uses their file branch).
//
// An input stream is read whole when it is opened: <name>.bin, each beat ceil(bits / 8) bytes, most significant
// first (the layout hwverify.sim.bulk.write_bulk_inputs writes). The HDL reads it 32 bits at a time. A log holds
// entries of ceil(bits / 32) 32-bit words; hwv_logs_write() writes every log to <name>.bin as little-endian 32-bit
// words, least significant word of each entry first, once, when the run stops.

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Stream {
    std::vector<uint32_t> words;  // every beat, words_per_beat words each, least significant first
    int words_per_beat;
};

struct Log {
    std::string name;
    std::vector<uint32_t> words;
};

std::vector<Stream> streams;
std::vector<Log> logs;

int words_for(int bits) { return bits <= 0 ? 1 : (bits + 31) / 32; }

// The beats of a whole file (`n_bytes` bytes each, most significant first) as words (least significant first).
std::vector<uint32_t> beats_to_words(const std::vector<unsigned char>& bytes, int n_bytes, int n_words) {
    const size_t n_beats = bytes.size() / n_bytes;
    std::vector<uint32_t> words(n_beats * n_words, 0);
    for (size_t beat = 0; beat < n_beats; ++beat) {
        const unsigned char* in = &bytes[beat * n_bytes];
        uint32_t* out = &words[beat * n_words];
        for (int b = 0; b < n_bytes; ++b) {
            const int bit = 8 * (n_bytes - 1 - b);  // the position of this byte's lowest bit
            out[bit / 32] |= static_cast<uint32_t>(in[b]) << (bit % 32);
        }
    }
    return words;
}

// The whole file, or false when it cannot be read.
bool read_file(const std::string& path, std::vector<unsigned char>& bytes) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return false;
    unsigned char buffer[1 << 16];
    size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) bytes.insert(bytes.end(), buffer, buffer + got);
    std::fclose(file);
    return true;
}

// Words as little-endian bytes (the file layout whatever the host's byte order).
std::vector<unsigned char> little_endian(const std::vector<uint32_t>& words) {
    std::vector<unsigned char> bytes(4 * words.size());
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (!words.empty()) std::memcpy(bytes.data(), words.data(), bytes.size());
#else
    for (size_t i = 0; i < words.size(); ++i) {
        for (int b = 0; b < 4; ++b) bytes[4 * i + b] = static_cast<unsigned char>(words[i] >> (8 * b));
    }
#endif
    return bytes;
}

}  // namespace

// Open <name>.bin as a stream of `bits`-bit beats; returns its handle, -1 when the file cannot be read.
extern "C" int hwv_stream_open(const char* name, int bits) {
    std::vector<unsigned char> bytes;
    if (!read_file(std::string(name) + ".bin", bytes)) return -1;
    const int words_per_beat = words_for(bits);
    streams.push_back(Stream{beats_to_words(bytes, (bits + 7) / 8, words_per_beat), words_per_beat});
    return static_cast<int>(streams.size()) - 1;
}

// Word `word` (0: least significant) of beat `beat`; 0 past the end of the stream or for a bad handle.
extern "C" int hwv_stream_word(int handle, int beat, int word) {
    if (handle < 0 || handle >= static_cast<int>(streams.size())) return 0;
    const Stream& stream = streams[handle];
    const size_t index = static_cast<size_t>(beat) * stream.words_per_beat + word;
    return index < stream.words.size() ? static_cast<int>(stream.words[index]) : 0;
}

// A new, empty log written to <name>.bin by hwv_logs_write(), with room for `expected` words; returns its handle.
extern "C" int hwv_log_open(const char* name, int expected) {
    logs.push_back(Log{name, {}});
    if (expected > 0) logs.back().words.reserve(static_cast<size_t>(expected));
    return static_cast<int>(logs.size()) - 1;
}

// Append one 32-bit word to a log (an entry wider than 32 bits is several calls, least significant first).
extern "C" void hwv_log_put(int handle, int word) {
    if (handle >= 0 && handle < static_cast<int>(logs.size())) logs[handle].words.push_back(static_cast<uint32_t>(word));
}

// Write every log to its file (through a temporary name, so a reader never sees half a log); 0 on success.
extern "C" int hwv_logs_write() {
    int failures = 0;
    for (const Log& log : logs) {
        const std::string path = log.name + ".bin";
        const std::string partial = path + ".partial";
        std::FILE* file = std::fopen(partial.c_str(), "wb");
        if (file == nullptr) {
            ++failures;
            continue;
        }
        const std::vector<unsigned char> bytes = little_endian(log.words);
        failures += std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size();
        failures += std::fclose(file) != 0;
        failures += std::rename(partial.c_str(), path.c_str()) != 0;
    }
    return failures;
}
