package io.cpchain.cli.fetch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.encrypt.interval.ReadingsCodec;
import io.cpchain.schemas.ValidReading;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where read-back readings go, for every command that reads intervals: a file, JSON lines, or a count. */
public final class ReadingsOutput {

  @Option(names = "--out", paramLabel = "FILE.avro", description = "write the readings as an Avro container file")
  Path out;

  @Option(names = "--json", description = "print the readings as JSON lines")
  boolean json;

  public void check() {
    if (out != null && json) {
      throw new IllegalArgumentException("give --out or --json, not both");
    }
  }

  /** Progress lines go to stderr when stdout carries the JSON lines. */
  public PrintStream console() {
    return json ? System.err : System.out;
  }

  public void emit(List<ValidReading> readings, int intervals) throws IOException {
    if (out != null) {
      Files.write(out, ReadingsCodec.container(readings));
      console().printf("wrote %d readings to %s%n", readings.size(), out);
    } else if (json) {
      ObjectMapper mapper = new ObjectMapper();
      for (ValidReading reading : readings) {
        System.out.println(mapper.writeValueAsString(FetchCommand.toJson(reading)));
      }
    } else {
      console().printf("%d readings in %d intervals (--json or --out FILE.avro for the data)%n", readings.size(),
          intervals);
    }
  }
}
