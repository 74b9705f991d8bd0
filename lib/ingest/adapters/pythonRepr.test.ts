import { describe, expect, it } from "vitest";
import { parsePythonRepr } from "./pythonRepr";

describe("Python repr parser", () => {
  it("reads the reprs AutoGen 0.4 prints", () => {
    expect(parsePythonRepr(`[FunctionCall(id='call_1', arguments='{"q":"it\\'s"}', name='web_search')]`)).toEqual([
      { __class__: "FunctionCall", id: "call_1", arguments: `{"q":"it's"}`, name: "web_search" },
    ]);
    expect(parsePythonRepr(`[FunctionExecutionResult(content="a\\nb \\u00e9", call_id='c', is_error=False, extra=None, n=-1.5e3, t=(1, 2), d={'k': [True]})]`)).toEqual([
      { __class__: "FunctionExecutionResult", content: "a\nb é", call_id: "c", is_error: false, extra: null, n: -1500, t: [1, 2], d: { k: [true] } },
    ]);
  });

  it("fails closed (null) on anything else", () => {
    for (const bad of ["[FunctionCall(id=)]", "[a b]", "'unterminated", "[" .repeat(1000), "f(x)", "'\\U0011ffff'", "{1: 2}"]) {
      expect(parsePythonRepr(bad)).toBeNull();
    }
  });

  it("keeps a __proto__ key as plain data", () => {
    const v = parsePythonRepr(`{'__proto__': {'polluted': 1}}`) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(["__proto__"]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
