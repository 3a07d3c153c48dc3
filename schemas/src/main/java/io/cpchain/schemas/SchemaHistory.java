package io.cpchain.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of every record schema, kept in this module under {@code history/} so that
 * readers resolve frames written by older (or newer) producers without a registry server, and so
 * that a test can hold each new version to compatibility with all of them.
 *
 * <p>A version file is named {@code <Record>-v<N>.avsc} and listed in {@code history/INDEX}. When a
 * schema changes, add its new version file there; never edit a released one.
 */
public final class SchemaHistory {

  private static final String DIR = "history/";
  private static final Map<String, List<Schema>> VERSIONS = load();

  private SchemaHistory() {}

  /** Released versions of the record with this simple name, oldest first. */
  public static List<Schema> versionsOf(String recordName) {
    return VERSIONS.getOrDefault(recordName, List.of());
  }

  /** Names of all records with a history. */
  public static List<String> recordNames() {
    return List.copyOf(VERSIONS.keySet());
  }

  /** A schema store that knows every released version of the given record. */
  public static SchemaStore storeFor(String recordName) {
    SchemaStore.Cache store = new SchemaStore.Cache();
    versionsOf(recordName).forEach(store::addSchema);
    return store;
  }

  private static Map<String, List<Schema>> load() {
    Map<String, List<Schema>> byRecord = new TreeMap<>();
    for (String file : readIndex()) {
      String record = file.substring(0, file.lastIndexOf("-v"));
      Schema schema = parse(DIR + file);
      byRecord.computeIfAbsent(record, r -> new ArrayList<>()).add(schema);
    }
    byRecord.replaceAll((record, versions) -> List.copyOf(versions));
    return byRecord;
  }

  private static List<String> readIndex() {
    try (InputStream in = open(DIR + "INDEX");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      // Sorted so that v1 < v2 < ... for each record (versions stay below v10 for a long while;
      // the compatibility test fails loudly if the order ever disagrees with the numbering).
      return reader.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schema history index", e);
    }
  }

  private static Schema parse(String resource) {
    try (InputStream in = open(resource)) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + resource, e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = SchemaHistory.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("schema history resource missing: " + resource);
    }
    return in;
  }
}
