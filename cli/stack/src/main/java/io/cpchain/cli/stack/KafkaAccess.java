package io.cpchain.cli.stack;

import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.he.config.InsuranceJobConfig;
import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.ingest.config.IngestJobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What one Kafka user may do, and nothing more: read these topics (in these consumer groups), write those (in
 * transactions whose ids begin with these prefixes). A job's is derived from the very config it is submitted
 * with, so its ACLs cannot drift from the topics, group and transactional ids it uses.
 */
public record KafkaAccess(KafkaUser user, Set<String> reads, Set<String> groups, Set<String> writes,
    Set<String> transactionalIdPrefixes) {

  /** The vehicles' gateway (the simulator): it writes frames, and reads nothing. */
  public static KafkaAccess gateway() {
    return new KafkaAccess(KafkaUser.GATEWAY, Set.of(), Set.of(), Set.of(Topics.RAW), Set.of());
  }

  /** The owners publish their epoch-key certificates. */
  public static KafkaAccess owners() {
    return new KafkaAccess(KafkaUser.OWNERS, Set.of(), Set.of(), Set.of(Topics.EPOCH_KEYS), Set.of());
  }

  public static KafkaAccess ingest(IngestJobConfig c) {
    return new KafkaAccess(KafkaUser.INGEST, Set.of(c.rawTopic()), Set.of(c.groupId()),
        Set.of(c.validTopic(), c.dlqTopic()), Set.of(c.transactionalIdPrefix()));
  }

  public static KafkaAccess encrypt(EncryptJobConfig c) {
    return new KafkaAccess(KafkaUser.ENCRYPT, Set.of(c.validTopic(), c.epochKeysTopic()),
        Set.of(c.groupId(), c.epochKeysGroup()), Set.of(c.manifestsTopic(), c.dlqTopic()),
        Set.of(c.transactionalIdPrefix()));
  }

  public static KafkaAccess anchor(AnchorJobConfig c) {
    return new KafkaAccess(KafkaUser.ANCHOR, Set.of(c.manifestsTopic()), Set.of(c.groupId()),
        Set.of(c.receiptsTopic(), c.deadLetterTopic()), Set.of(c.transactionalIdPrefix()));
  }

  public static KafkaAccess trafficContribution(TrafficJobConfig c) {
    return new KafkaAccess(KafkaUser.TRAFFIC_CONTRIBUTION, Set.of(c.validTopic()), Set.of(c.contributionGroup()),
        Set.of(c.contributionTopic(), c.deadLetterTopic()), Set.of(c.contributionTransactionalIdPrefix()));
  }

  public static KafkaAccess trafficAggregation(TrafficJobConfig c) {
    return new KafkaAccess(KafkaUser.TRAFFIC_AGGREGATION, Set.of(c.contributionTopic()),
        Set.of(c.aggregationGroup()), Set.of(c.encryptedTopic(), c.deadLetterTopic()),
        Set.of(c.aggregationTransactionalIdPrefix()));
  }

  public static KafkaAccess insuranceContribution(InsuranceJobConfig c) {
    return new KafkaAccess(KafkaUser.INSURANCE_CONTRIBUTION, Set.of(c.validTopic()), Set.of(c.contributionGroup()),
        Set.of(c.featuresTopic(), c.deadLetterTopic()), Set.of(c.contributionTransactionalIdPrefix()));
  }

  public static KafkaAccess insuranceScoring(InsuranceJobConfig c) {
    return new KafkaAccess(KafkaUser.INSURANCE_SCORING, Set.of(c.featuresTopic()), Set.of(c.scoringGroup()),
        Set.of(c.scoresTopic(), c.deadLetterTopic()), Set.of(c.scoringTransactionalIdPrefix()));
  }

  /**
   * The ACLs: READ of each topic read and each group (a Flink source commits its offsets there), WRITE of each
   * topic written and of the transactional ids under each prefix (WRITE implies DESCRIBE, which reading offsets
   * and finding a transaction's coordinator need). The admin needs none: it is the super user.
   */
  public List<AclBinding> bindings() {
    List<AclBinding> acls = new ArrayList<>();
    reads.forEach(topic -> acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ)));
    groups.forEach(group -> acls.add(allow(ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ)));
    writes.forEach(topic -> acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE)));
    transactionalIdPrefixes.forEach(prefix -> acls.add(
        allow(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.WRITE)));
    return acls;
  }

  private AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry(user.principal(), "*", operation, AclPermissionType.ALLOW));
  }
}
