// V8 first runs a new regular expression in its bytecode interpreter and compiles it to
// machine code only once it is used again ("tier-up"). For this engine's few hundred long
// patterns that turned out costly: after a process had scanned a few hundred varied texts,
// some rules stayed interpreted and ran four times slower (a 1 MB hostile input took 115 ms
// in the bench instead of the 47 ms it takes alone; `node --no-regexp-tier-up` measured 47
// in both). So the engine asks V8 to compile regexes to machine code from their first run,
// as it did before tier-up existed. The flag is read when a regex is compiled, which V8 does
// on its first use, after this module has run.
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--no-regexp-tier-up");
