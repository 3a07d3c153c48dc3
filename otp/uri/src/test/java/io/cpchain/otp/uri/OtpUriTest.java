package io.cpchain.otp.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtpUriTest {

  static final Address OWNER = AccountPrivateKey.generate().publicKey().address();
  static final String BASE = "otp://" + OWNER.toHex();
  static final String LOWER = "otp://" + OWNER.toHex().toLowerCase();

  @Test
  void everyKindRoundTripsThroughItsCanonicalText() throws Exception {
    for (String text : List.of(BASE + "/devices/veh-1/intervals?from=0&to=86400000", BASE + "/devices/a:b.c/live",
        BASE + "/datasets/traffic-2026", BASE + "/datasets/traffic-2026@7", BASE + "/aggregates/city.counts")) {
      OtpUri uri = OtpUri.parse(text);
      assertEquals(text, uri.toString());
      assertEquals(uri, OtpUri.parse(uri.toString()));
    }
  }

  @Test
  void partsAreWhatTheTextSays() throws Exception {
    OtpUri intervals = OtpUri.parse(LOWER + "/devices/veh-1/intervals?from=10&to=20");
    assertEquals(new OtpUri(OWNER, OtpUri.Kind.DEVICE_INTERVALS, "veh-1", 0, 10, 20), intervals);
    assertEquals("/devices/veh-1/intervals", intervals.resourcePath());
    OtpUri dataset = OtpUri.parse(LOWER + "/datasets/d@12");
    assertEquals(OtpUri.Kind.DATASET, dataset.kind());
    assertEquals(12, dataset.version());
    assertEquals("/datasets/d", dataset.resourcePath());
    assertEquals(0, OtpUri.parse(LOWER + "/datasets/d").version(), "no version: the latest");
    assertEquals(BASE + "/datasets/d@3", dataset.atVersion(3).toString());
  }

  @Test
  void resourcePathsHaveAKindAndNothingElse() throws Exception {
    assertEquals(OtpUri.Kind.DEVICE_INTERVALS, OtpUri.kindOfResourcePath("/devices/veh-1/intervals"));
    assertEquals(OtpUri.Kind.DEVICE_LIVE, OtpUri.kindOfResourcePath("/devices/veh-1/live"));
    assertEquals(OtpUri.Kind.DATASET, OtpUri.kindOfResourcePath("/datasets/d"));
    assertEquals(OtpUri.Kind.AGGREGATE, OtpUri.kindOfResourcePath("/aggregates/a"));
    for (String bad : List.of("", "/datasets/d@2", "/devices/v/intervals?from=0&to=1", "datasets/d", "/x/y",
        "/datasets/%2e", "/datasets/d#f",
        "/datasets/" + "d".repeat(OtpUri.MAX_PATH))) {
      assertThrows(OtpUriException.class, () -> OtpUri.kindOfResourcePath(bad), bad);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "|an OTP URI is required",
      "http://0x0000000000000000000000000000000000000000/datasets/d|starts with otp://",
      "OTP://0x0000000000000000000000000000000000000000/datasets/d|starts with otp://",
      "otp://0000000000000000000000000000000000000000/datasets/d|the owner's address, 0x and 40 hex digits",
      "otp://0x000000000000000000000000000000000000000/datasets/d|the owner's address, 0x and 40 hex digits",
      "otp://0x0000000000000000000000000000000000000000|the owner's address, 0x and 40 hex digits",
      "otp://0x00000000000000000000000000000000000000aB/datasets/d|checksum (EIP-55)",
      "otp://0x0000000000000000000000000000000000000000/datasets/d e|printable ASCII without spaces",
      "otp://0x0000000000000000000000000000000000000000/datasets/caf\u00e9|printable ASCII without spaces",
      "otp://0x0000000000000000000000000000000000000000/datasets/%2e%2e|no percent-encoding",
      "otp://0x0000000000000000000000000000000000000000/datasets/d#x|no fragment",
      "otp://0x0000000000000000000000000000000000000000/datasets/|unknown OTP path",
      "otp://0x0000000000000000000000000000000000000000/datasets/a/b|unknown OTP path",
      "otp://0x0000000000000000000000000000000000000000/datasets/d/|unknown OTP path",
      "otp://0x0000000000000000000000000000000000000000/files/d|unknown OTP path",
      "otp://0x0000000000000000000000000000000000000000/datasets/..|a dataset name is 1..64",
      "otp://0x0000000000000000000000000000000000000000/datasets/.hidden|a dataset name is 1..64",
      "otp://0x0000000000000000000000000000000000000000/datasets/d@0|a dataset version is a positive decimal",
      "otp://0x0000000000000000000000000000000000000000/datasets/d@|a dataset version is a positive decimal",
      "otp://0x0000000000000000000000000000000000000000/datasets/d@1@2|a dataset version is a positive decimal",
      "otp://0x0000000000000000000000000000000000000000/datasets/d@1234567890123456789|a dataset version",
      "otp://0x0000000000000000000000000000000000000000/datasets/d?x=1|a dataset takes no query",
      "otp://0x0000000000000000000000000000000000000000/aggregates/a@2|only a dataset names a version",
      "otp://0x0000000000000000000000000000000000000000/devices/../live|a device id is 1..64",
      "otp://0x0000000000000000000000000000000000000000/devices/v/live?from=1|a live stream takes no query",
      "otp://0x0000000000000000000000000000000000000000/devices/v/intervals|need ?from=<ms>&to=<ms>",
      "otp://0x0000000000000000000000000000000000000000/devices/v/intervals?to=2&from=1|exactly from=<ms>&to=<ms>",
      "otp://0x0000000000000000000000000000000000000000/devices/v/intervals?from=1&to=2&x=3|exactly from=<ms>&to=<ms>",
      "otp://0x0000000000000000000000000000000000000000/devices/v/intervals?from=-1&to=2|exactly from=<ms>&to=<ms>",
      "otp://0x0000000000000000000000000000000000000000/devices/v/intervals?from=3&to=2|needs from <= to",
  })
  void aMalformedUriIsRefusedWithItsReason(String text, String reason) {
    OtpUriException e = assertThrows(OtpUriException.class, () -> OtpUri.parse(text));
    assertEquals(1, e.getMessage().lines().count(), "one line");
    assertEquals(true, e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void lengthIsBoundedBeforeAnythingElseIsRead() {
    String longName = BASE + "/datasets/" + "d".repeat(OtpUri.MAX_URI);
    OtpUriException e = assertThrows(OtpUriException.class, () -> OtpUri.parse(longName));
    assertEquals("an OTP URI is at most 512 characters, this one has " + longName.length(), e.getMessage());
    assertThrows(OtpUriException.class, () -> OtpUri.parse(BASE + "/datasets/" + "d".repeat(OtpUri.MAX_NAME + 1)));
    assertThrows(OtpUriException.class, () -> OtpUri.parse(BASE + "/devices/" + "v".repeat(OtpUri.MAX_DEVICE_ID + 1)
        + "/live"));
  }
}
