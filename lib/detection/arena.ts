// The offset maps of a scan's views (for each character of a view, where it came from in the
// original text) are carved from one reusable buffer instead of a new typed array per view.
// A large typed array is fresh memory from the operating system each time, and touching it
// costs page faults: the words view of a 1 MB text needs an 8 MB map, which cost 27 ms of
// that scan on the 2-core VM (writing the same 8 MB again costs 1.6 ms). The arena restarts
// when a scan starts: views never outlive their scan (findings keep plain numbers).

const INITIAL_ENTRIES = 1 << 16;
/** Kept between scans up to this size (32 MB: the views of a text of about 1 MB). */
const RETAINED_ENTRIES = 1 << 23;

let arena = new Uint32Array(INITIAL_ENTRIES);
let used = 0;

/** Called when a scan starts: every map handed out before may be overwritten from now on. */
export function restartArena(): void {
  used = 0;
  if (arena.length > RETAINED_ENTRIES) arena = new Uint32Array(INITIAL_ENTRIES);
}

/** `n` entries, not zeroed, valid until the next restartArena(). */
export function offsetMap(n: number): Uint32Array {
  if (used + n > arena.length) {
    // Maps carved from the old buffer keep it alive while their views live.
    arena = new Uint32Array(Math.max(arena.length * 2, n));
    used = 0;
  }
  const map = arena.subarray(used, used + n);
  used += n;
  return map;
}
