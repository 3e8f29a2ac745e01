#pragma once
// Loopback checks `strata up` and `strata services status` make: is a
// port taken, give me a free one, does a server answer its health path
// with 200. Plain sockets with
// deadlines: a check against 127.0.0.1 either answers at once or is
// refused, and a hung server costs at most the topology's timeout.

#include <string>

namespace strata {

// Whether something already listens on 127.0.0.1:port (binding it fails).
bool port_in_use(int port);

// A port the kernel considers free on 127.0.0.1 right now.
int free_port();

// `GET path` on 127.0.0.1:port; true when the status line says 200 within
// `timeout_ms`.
bool http_healthy(int port, const std::string& path, int timeout_ms);

}  // namespace strata
