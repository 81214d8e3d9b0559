// Fixture of tests/layering: a translation unit that reaches torch, which the check must flag.
#include "train/trainer.h"
#include <torch/torch.h>
