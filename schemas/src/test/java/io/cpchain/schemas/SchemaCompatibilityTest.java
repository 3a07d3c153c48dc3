package io.cpchain.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** Each current schema stays backward and forward compatible with every released version. */
class SchemaCompatibilityTest {

  private static final Map<String, Schema> CURRENT = Map.ofEntries(
      Map.entry("Reading", Reading.getClassSchema()),
      Map.entry("TelemetryFrame", TelemetryFrame.getClassSchema()),
      Map.entry("DeviceRegistration", DeviceRegistration.getClassSchema()),
      Map.entry("ValidReading", ValidReading.getClassSchema()),
      Map.entry("DeadLetter", DeadLetter.getClassSchema()),
      Map.entry("IntervalManifest", IntervalManifest.getClassSchema()),
      Map.entry("EpochKey", EpochKey.getClassSchema()),
      Map.entry("TrafficContribution", TrafficContribution.getClassSchema()),
      Map.entry("EncryptedTrafficWindow", EncryptedTrafficWindow.getClassSchema()),
      Map.entry("AnchorReceipt", AnchorReceipt.getClassSchema()),
      Map.entry("InsuranceContribution", InsuranceContribution.getClassSchema()),
      Map.entry("ScoredPeriod", ScoredPeriod.getClassSchema()),
      Map.entry("InsuranceScore", InsuranceScore.getClassSchema()));

  /** Records no longer written, whose released versions stay in the history (never edited or deleted). */
  private static final Set<String> RETIRED = Set.of("OwnerKey");

  @Test
  void everyRecordHasAHistoryAndEveryHistoryARecord() {
    Set<String> expected = new java.util.HashSet<>(CURRENT.keySet());
    expected.addAll(RETIRED);
    assertEquals(expected, Set.copyOf(SchemaHistory.recordNames()));
  }

  @Test
  void currentSchemasReadAndAreReadByEveryReleasedVersion() {
    CURRENT.forEach((name, current) -> {
      for (Schema released : SchemaHistory.versionsOf(name)) {
        assertCompatible(name + ": current reads released (backward)", current, released);
        assertCompatible(name + ": released reads current (forward)", released, current);
      }
    });
  }

  @Test
  void newestReleasedVersionIsTheCurrentSchema() {
    // A schema change must come with its new history file, or old readers are never checked against it.
    CURRENT.forEach((name, current) -> {
      List<Schema> versions = SchemaHistory.versionsOf(name);
      Schema newest = versions.get(versions.size() - 1);
      assertEquals(SchemaNormalization.parsingFingerprint64(current),
          SchemaNormalization.parsingFingerprint64(newest), name + " changed without a new history version");
    });
  }

  @Test
  void theCheckRejectsAnIncompatibleChange() {
    // Guards the guard: dropping a required field without a default breaks old readers.
    Schema released = SchemaHistory.versionsOf("DeviceRegistration").get(0);
    Schema withoutOwner = new Schema.Parser().parse(released.toString().replace(
        "{\"name\":\"ownerId\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}},", ""));
    assertFalse(withoutOwner.toString().contains("ownerId"));
    assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(released, withoutOwner).getType());
  }

  @Test
  void signatureIsTheLastFieldOfEveryVersionOfASignedRecord() {
    for (String signed : List.of("TelemetryFrame", "IntervalManifest")) {
      for (Schema version : SchemaHistory.versionsOf(signed)) {
        List<Schema.Field> fields = version.getFields();
        assertEquals("signature", fields.get(fields.size() - 1).name(), signed);
      }
      List<Schema.Field> current = CURRENT.get(signed).getFields();
      assertTrue(current.get(current.size() - 1).name().equals("signature"), signed);
    }
  }

  private static void assertCompatible(String what, Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), what + ": " + result.getDescription());
  }
}
