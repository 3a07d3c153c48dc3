package io.cpchain.jobs.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;

/** Settings every job of the pipeline runs with wherever it is submitted, whatever the cluster's defaults. */
public final class JobDefaults {

  private JobDefaults() {}

  public static Configuration configuration() {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false); // every type has an explicit serializer: no Kryo
    return conf;
  }
}
