/* fuzz_targets: the sample's targets file for 2026 replaced by the input,
 * in a cut-down copy of the sample that is loaded and evaluated whole. */
#include "support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fz_mini_sample();
    fz_write(fz_path("mini/targets/2026.yaml"), data, size);
    fz_load_and_evaluate(dir);
    return 0;
}
