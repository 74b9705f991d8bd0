import { describe, expect, it } from "vitest";
import { cleanView, toOriginal, wordsView } from "./normalize";

// Expected texts and offsets were produced by the words view before its hot loop was
// made branch-free; they pin the per-character rules that loop must keep. `starts`: where
// each character of the view comes from in the original text.
function words(raw: string): { text: string; starts: number[] } {
  const v = wordsView(cleanView(raw));
  return { text: v.text, starts: Array.from(v.text, (_, i) => toOriginal(v, i, i + 1).start) };
}

describe("words view", () => {
  it("folds leetspeak only in tokens that mix letters and symbols, even when the symbol comes first", () => {
    expect(words("4ll y0ur b4se")).toEqual({ text: "all your base", starts: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
    expect(words("v3rsion 1.2.3 of h3ll0").text).toBe("version of hello");
    expect(words("2nd 9 lives @home $5 c@t")).toEqual({ text: "nd lives ahome cat", starts: [1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 21, 22, 23] });
  });

  it("drops joiners between letters, but not a dot before a capital", () => {
    expect(words("ign.ore I.B.M e.g. Don't")).toEqual({ text: "ignore ibmeg dont", starts: [0, 1, 2, 4, 5, 6, 7, 8, 10, 12, 14, 16, 17, 19, 20, 21, 23] });
    expect(words("well-known snake_case x.Y").text).toBe("wellknown snakecase x y");
  });

  it("joins spaced-out letters, also inside a token, and maps each letter to its original", () => {
    expect(words("i g n o r e  all")).toEqual({ text: "ignore all", starts: [0, 2, 4, 6, 8, 10, 11, 13, 14, 15] });
    expect(words("pre-i.g.n.o.r.e-post")).toEqual({ text: "preignorepost", starts: [0, 1, 2, 4, 6, 8, 10, 12, 14, 16, 17, 18, 19] });
  });

  it("writes one space for any run of whitespace and punctuation, none at the start", () => {
    expect(words("a  b\t\tc\n")).toEqual({ text: "a b c ", starts: [0, 1, 3, 4, 6, 7] });
    expect(words("(see: foo) bar!!")).toEqual({ text: "see foo bar ", starts: [1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14] });
  });

  it("keeps non-ASCII letters lower-cased and strips accents in the clean view", () => {
    expect(words("Ïgnore ÀLL Straße").text).toBe("ignore all straße");
  });

  it("maps through the clean view to the original where cleaning removed or expanded characters", () => {
    expect(words("a\u200bb c")).toEqual({ text: "ab c", starts: [0, 2, 3, 4] });
    const v = wordsView(cleanView("x \ufb01\u200bne"));
    expect(v.text).toBe("x fine");
    expect(Array.from(v.text, (_, i) => toOriginal(v, i, i + 1))).toEqual([
      { start: 0, end: 1 }, { start: 1, end: 2 }, { start: 2, end: 3 }, { start: 2, end: 3 }, { start: 4, end: 5 }, { start: 5, end: 6 },
    ]);
    expect(toOriginal(v, 2, 6)).toEqual({ start: 2, end: 6 });
  });
});
