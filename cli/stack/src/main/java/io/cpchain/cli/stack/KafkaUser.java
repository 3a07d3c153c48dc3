package io.cpchain.cli.stack;

/**
 * The principals of the stack's Kafka cluster: one per job, the vehicles' gateway, the owners' key publisher, and
 * the admin (the brokers themselves and the CLI). Each but the admin is authorised only by the ACLs
 * {@link KafkaAccess} derives for it; the admin is the cluster's super user.
 */
public enum KafkaUser {
  ADMIN("admin"),
  GATEWAY("gateway"),
  OWNERS("owners"),
  INGEST("ingest"),
  ENCRYPT("encrypt"),
  ANCHOR("anchor"),
  TRAFFIC_CONTRIBUTION("traffic-contribution"),
  TRAFFIC_AGGREGATION("traffic-aggregation"),
  INSURANCE_CONTRIBUTION("insurance-contribution"),
  INSURANCE_SCORING("insurance-scoring");

  private final String userName;

  KafkaUser(String userName) {
    this.userName = userName;
  }

  /** The SASL user name, and the principal ACLs name: {@code User:<name>}. */
  public String userName() {
    return userName;
  }

  public String principal() {
    return "User:" + userName;
  }
}
