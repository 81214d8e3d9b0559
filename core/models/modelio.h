#pragma once
// Model files: a model's parameters and buffers with the config and input shape it was built
// from, so that it can seed another run (--init-from), teach one (--teacher) or be exported.

#include <cstdint>
#include <string>

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include "base/config.h"
#include "models/network.h"

namespace slb {

/// The "format" and "version" a model file's (and a checkpoint's) header holds.
inline constexpr const char* kModelFileFormat = "slb-workbench-model";
inline constexpr std::int64_t kModelFileVersion = 1;

/** A model file's header: what is needed to rebuild the network. */
struct ModelFileInfo {
    RunConfig config;
    ModelSpec spec;
};

/** Writes `net` with its config to `path` (via a temporary file and a rename). Throws on error. */
void saveModelFile(const std::string& path, NetworkImpl& net, const RunConfig& config);

/**
 * Saves an archive to `path`; on failure removes the partial file and throws std::runtime_error
 * naming the path and the likely fix (full disk, permissions).
 */
void saveArchive(torch::serialize::OutputArchive& a, const std::string& path);

/** Writes the header (config + spec) into an archive; used by model files and checkpoints. */
void writeModelHeader(torch::serialize::OutputArchive& a, const RunConfig& config,
                      const ModelSpec& spec);
/** Reads the header back; throws std::runtime_error naming `path` when it is not ours. */
ModelFileInfo readModelHeader(torch::serialize::InputArchive& a, const std::string& path);

/**
 * Loads `module`'s parameters and buffers from `archive`: first every tensor in the file is
 * compared with the shape and type the module was built with and checked to lie inside its
 * storage, then LibTorch's Module::load (with the layers' overrides) takes them. Module::load
 * alone takes a tensor of any shape or type, and the layers would read past its end.
 * Throws std::runtime_error naming `path` and the tensor.
 */
void loadModuleChecked(torch::nn::Module& module, torch::serialize::InputArchive& archive,
                       const std::string& path);

/** Throws std::runtime_error naming `path` and `name` when `t` reaches outside its storage. */
void checkTensorInStorage(const torch::Tensor& t, const std::string& path, const std::string& name);

/** Loads a model file: rebuilds its network and its weights. Throws std::runtime_error. */
Network loadModelFile(const std::string& path, ModelFileInfo* info = nullptr);

/**
 * Starts `target` from the weights of a float network of the same architecture: float layers
 * and BN are copied (both state-BN sets get the float statistics), SLB layers get A peaked at the
 * nearest value of V, LSQ layers copy the weights and re-initialise their steps.
 * Throws std::runtime_error naming the first layer that does not match.
 */
void initFromFloat(NetworkImpl& target, NetworkImpl& source);

}  // namespace slb
