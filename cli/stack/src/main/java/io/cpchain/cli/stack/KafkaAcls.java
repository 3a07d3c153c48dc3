package io.cpchain.cli.stack;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/** Grants users their {@link KafkaAccess}, as the stack's admin. */
public final class KafkaAcls {

  private static final long TIMEOUT_MS = 30_000;

  private KafkaAcls() {}

  /** Grants {@code access} on the stack's cluster: before a job is submitted, with the config it is submitted with. */
  public static void grant(StackConfig stack, KafkaAccess... access) throws Exception {
    try (Admin admin = Admin.create(stack.kafkaClient(KafkaUser.ADMIN))) {
      grant(admin, List.of(access));
    }
  }

  /**
   * Creates the ACLs (an existing one is left as it is, so this is idempotent) and waits until the broker
   * answers with all of them: the controller commits them first, a broker's authorizer applies them after, and
   * a job that started in between would fail its first transaction.
   */
  public static void grant(Admin admin, List<KafkaAccess> access) throws Exception {
    List<AclBinding> acls = access.stream().flatMap(a -> a.bindings().stream()).toList();
    admin.createAcls(acls).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
    while (!admin.describeAcls(AclBindingFilter.ANY).values().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .containsAll(acls)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Kafka does not hold the ACLs " + TIMEOUT_MS / 1000 + " s after creating them");
      }
      Thread.onSpinWait();
    }
  }
}
