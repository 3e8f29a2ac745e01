#pragma once
// `strata serve`'s options and runner, shared with `strata model serve`
// so both commands are one code path.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "http/server.h"

namespace strata::cli {

struct ServeOptions {
  std::vector<std::string> models;
  std::string repository;    // set: serve from this directory, not the registry
  std::string registry_url;  // the registry's database (default as `strata model`)
  bool registry = false;     // the registry even if the workspace has none yet (`model serve`)
  std::string token_env;
  std::string model_config;
  std::string python = "python3";
  http::ServerOptions http;
  int instances = 1;
  int threads = 1;
  int64_t max_batch_size = 0;
  std::vector<int64_t> preferred_batch_sizes;
  int64_t max_queue_delay_us = 0;
  double poll = 0;
  double metrics_flush = 5;  // seconds between metrics.db writes; 0: none
  size_t max_body_mb = 64;
  bool json = false;
};

// Every option but the models.
void add_serve_options(CLI::App& sub, ServeOptions& o);
int run_serve(ServeOptions o);

}  // namespace strata::cli
