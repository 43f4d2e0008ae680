-- Both scripts together: paced requests and the one-line result.
dofile(os.getenv("BENCH_DIR") .. "/paced.lua")
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
