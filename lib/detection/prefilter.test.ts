import { describe, expect, it } from "vitest";
import { Prefilter } from "./prefilter";

describe("Prefilter windows", () => {
  it("reaches `before` characters back and the radius forward from a hit", () => {
    const pf = new Prefilter([["key"]], [10], false, [3]);
    const text = "x".repeat(20) + "key" + "x".repeat(20);
    expect(pf.scan(text)).toEqual([[17, 33]]);
  });

  it("starts a window where the hit starts even when a shorter keyword inside it was reported first", () => {
    // "cd" ends before "abcde" does, so it is reported first with a later start.
    const pf = new Prefilter([["cd", "abcde"]], [0]);
    expect(pf.scan("..abcde..")).toEqual([[2, 7]]);
    // Widening back merges the windows it now reaches: "xa" [0, 2) and "cd" [3, 5) were
    // apart until "abcde" [1, 6) joined them.
    const pf2 = new Prefilter([["xa", "cd", "abcde"]], [0]);
    expect(pf2.scan("xabcde")).toEqual([[0, 6]]);
    expect(pf2.scan("xa abcde")).toEqual([[0, 2, 3, 8]]);
    // ... also a window that starts after the hit does.
    expect(new Prefilter([["b", "d", "abcde"]], [0]).scan("abcde")).toEqual([[0, 5]]);
  });
});
