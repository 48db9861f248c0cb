import { describe, expect, it } from "vitest";
import {
  parseBoolean,
  parseCount,
  parseDataVolumeRate,
  parseInterval,
  parseIntervalList,
  parseRate,
  parseSize,
  splitList,
} from "./units";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("parseInterval", () => {
  it.each([
    ["300s", 300 * S],
    ["10m", 10 * M],
    ["1h", H],
    ["4d12h", 4 * D + 12 * H],
    ["1w2d12h", 9 * D + 12 * H],
    ["1W2D", 9 * D],
    ["90", 90 * S],
    ["0", 0],
    [" 5m ", 5 * M],
  ])("%s → %d ms", (text, ms) => {
    expect(parseInterval(text)).toEqual({ ok: true, value: ms });
  });

  it.each(["4x", "", "m", "10 m", "1.5h", "-1m", "never", "10mm"])("rejects %j with the expected message", (text) => {
    const r = parseInterval(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe(`invalid time interval "${text.trim()}": expected a number followed by w, d, h, m or s`);
    }
  });

  it("rejects intervals that overflow", () => {
    const r = parseInterval("99999999999999999w");
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining("too large") });
  });
});

describe("lists", () => {
  it("parses retry-after lists, with or without spaces", () => {
    expect(parseIntervalList("10m,20m,1h")).toEqual({ ok: true, value: [10 * M, 20 * M, H] });
    expect(parseIntervalList("10m, 20m , 1h")).toEqual({ ok: true, value: [10 * M, 20 * M, H] });
  });

  it("points at the bad entry", () => {
    expect(parseIntervalList("10m, 4x,1h")).toEqual({
      ok: false,
      message: 'invalid time interval "4x": expected a number followed by w, d, h, m or s',
      offset: 5,
    });
  });

  it("reports empty entries at their offset", () => {
    expect(splitList("a,,b")).toMatchObject({ ok: false, offset: 2 });
    expect(parseIntervalList("10m,")).toMatchObject({ ok: false, message: expect.stringContaining("empty entry"), offset: 4 });
  });
});

describe("parseSize", () => {
  it.each([
    ["25M", 25 * 1024 * 1024],
    ["50k", 50 * 1024],
    ["50K", 50 * 1024],
    ["1g", 1024 ** 3],
    ["2T", 2 * 1024 ** 4],
    ["1000", 1000],
    ["10b", 10],
    ["unlimited", 0],
    ["UNLIMITED", 0],
  ])("%s → %d bytes", (text, bytes) => {
    expect(parseSize(text)).toEqual({ ok: true, value: bytes });
  });

  it.each(["25MB", "1.5M", "M", "-1", "lots"])("rejects %j", (text) => {
    expect(parseSize(text)).toMatchObject({ ok: false, message: expect.stringContaining(`invalid size "${text}"`) });
  });
});

describe("parseRate", () => {
  it.each([
    ["100/h", { count: 100, perMs: H }],
    ["83/10m", { count: 83, perMs: 10 * M }],
    ["5/min", { count: 5, perMs: M }],
    ["3/5m", { count: 3, perMs: 5 * M }],
    ["500/day", { count: 500, perMs: D }],
    ["1/sec", { count: 1, perMs: S }],
    ["10/hr", { count: 10, perMs: H }],
    ["100/15m", { count: 100, perMs: 15 * M }],
  ])("%s", (text, rate) => {
    expect(parseRate(text)).toEqual({ ok: true, value: rate });
  });

  it("treats unlimited and 0 as no limit", () => {
    expect(parseRate("unlimited")).toEqual({ ok: true, value: null });
    expect(parseRate("0")).toEqual({ ok: true, value: null });
  });

  it.each([["100"], ["100/x"], ["/h"], ["a/h"], ["10/0m"]])("rejects %j", (text) => {
    const r = parseRate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`invalid rate "${text}"`);
  });

  it("points at the denominator when the unit is wrong", () => {
    expect(parseRate("100/x")).toMatchObject({ offset: 4 });
  });
});

describe("parseDataVolumeRate", () => {
  it("parses sizes over intervals", () => {
    expect(parseDataVolumeRate("12M/m")).toEqual({ ok: true, value: { bytes: 12 * 1024 ** 2, perMs: M } });
    expect(parseDataVolumeRate("2g/10h")).toEqual({ ok: true, value: { bytes: 2 * 1024 ** 3, perMs: 10 * H } });
    expect(parseDataVolumeRate("1T/7d")).toEqual({ ok: true, value: { bytes: 1024 ** 4, perMs: 7 * D } });
    expect(parseDataVolumeRate("unlimited")).toEqual({ ok: true, value: null });
  });

  it("rejects malformed values", () => {
    expect(parseDataVolumeRate("12Q/m").ok).toBe(false);
    expect(parseDataVolumeRate("12M").ok).toBe(false);
  });
});

describe("parseBoolean and parseCount", () => {
  it.each([["yes", true], ["true", true], ["YES", true], ["no", false], ["false", false], ["False", false]])(
    "%s → %s",
    (text, value) => expect(parseBoolean(text)).toEqual({ ok: true, value }),
  );

  it("rejects other words", () => {
    expect(parseBoolean("on")).toEqual({ ok: false, message: 'invalid boolean "on": expected yes, no, true or false' });
  });

  it("parses counts and, where allowed, unlimited", () => {
    expect(parseCount("20")).toEqual({ ok: true, value: 20 });
    expect(parseCount("unlimited").ok).toBe(false);
    expect(parseCount("unlimited", { unlimited: true })).toEqual({ ok: true, value: 0 });
    expect(parseCount("-3")).toMatchObject({ ok: false, message: 'invalid number "-3": expected a whole number' });
    expect(parseCount("2.5").ok).toBe(false);
  });
});
