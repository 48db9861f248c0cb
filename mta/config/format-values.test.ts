import { describe, expect, it } from "vitest";
import { formatDataVolumeRate, formatInterval, formatIntervalList, formatRate, formatSize, formatSmtpHosts, ratePerMinute } from "./format-values";
import { parseSmtpHosts } from "./smtp-hosts";
import { parseDataVolumeRate, parseInterval, parseRate, parseSize } from "./units";

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : undefined);

describe("config value formatting", () => {
  it("writes intervals in the largest units and round-trips them", () => {
    expect(formatInterval(4 * 86_400_000 + 12 * 3_600_000)).toBe("4d12h");
    expect(formatInterval(600_000)).toBe("10m");
    expect(formatInterval(90_000)).toBe("1m30s");
    expect(formatInterval(8 * 86_400_000)).toBe("1w1d");
    expect(formatInterval(0)).toBe("0s");
    expect(formatInterval(1_500)).toBe("2s");
    expect(formatIntervalList([600_000, 1_200_000, 3_600_000])).toBe("10m,20m,1h");
    for (const t of ["4d12h", "1w2d3h4m5s", "30s"]) expect(formatInterval(value(parseInterval(t))!)).toBe(t);
  });

  it("writes rates with the interval the config would use", () => {
    for (const t of ["120/m", "83/10m", "100/h", "1000/d", "5/s", "7/90s", "3/2h"]) expect(formatRate(value(parseRate(t))!)).toBe(t);
    expect(formatRate(value(parseRate("10/1h"))!)).toBe("10/h");
    expect(formatRate(value(parseRate("60/60m"))!)).toBe("60/h");
    expect(formatRate(null)).toBe("unlimited");
  });

  it("gives a rate per minute", () => {
    expect(ratePerMinute(value(parseRate("120/m"))!)).toBe(120);
    expect(ratePerMinute(value(parseRate("83/10m"))!)).toBeCloseTo(8.3);
    expect(ratePerMinute(value(parseRate("600/h"))!)).toBe(10);
    expect(ratePerMinute(null)).toBeNull();
  });

  it("writes sizes and data volume rates in binary units", () => {
    expect(formatSize(value(parseSize("25M"))!)).toBe("25M");
    expect(formatSize(3072)).toBe("3K");
    expect(formatSize(1536)).toBe("1536");
    expect(formatSize(1000)).toBe("1000");
    expect(formatSize(0)).toBe("unlimited");
    expect(formatDataVolumeRate(value(parseDataVolumeRate("12M/m"))!)).toBe("12M/m");
    expect(formatDataVolumeRate(null)).toBe("unlimited");
  });

  it("writes smtp-hosts levels and literals so they parse back the same", () => {
    const text = "mx1.example.com:2525,[192.0.2.1];[IPv6:2001:db8::1]:25,backup.example.com";
    const parsed = parseSmtpHosts(text);
    if (!parsed.ok || parsed.value.kind !== "hosts") throw new Error("did not parse");
    expect(formatSmtpHosts(parsed.value.levels)).toBe(text);
  });
});
