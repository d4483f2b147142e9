// hwverify test designs: the one piece of hls4ml's nnet_utils an io_stream firmware of ours needs,
// written for hwverify (not hls4ml's file): nnet::array<T, N>, the element of a stream beat.
#ifndef NNET_TYPES_H_
#define NNET_TYPES_H_

#include <cstddef>

namespace nnet {

template <typename T, unsigned N> struct array {
    typedef T value_type;
    static const unsigned size = N;

    T data[N];

    T &operator[](size_t pos) { return data[pos]; }
    const T &operator[](size_t pos) const { return data[pos]; }
};

} // namespace nnet

#endif
