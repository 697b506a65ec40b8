package dev.kvconfig.bootstrap;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import com.azure.identity.CredentialUnavailableException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * The one place that turns failures into exit codes and messages: {@code error: <what failed>} and
 * {@code fix: <what to do>} on stderr. Exit codes: 0 ok, 1 failed, 2 usage or invalid input, 3 plan has changes.
 * Registered on the {@link CommandLine} by {@link KvconfigBootstrap#commandLine()} and used by every subcommand's
 * {@code call()}, so a bare {@code new CommandLine(new KvconfigBootstrap())} behaves the same.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int CHANGES = 3;

    @Override
    public int getExitCode(Throwable failure) {
        return failure instanceof InvalidInputException || failure instanceof CommandLine.ParameterException
                ? USAGE : FAILED;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        return report(failure, commandLine.getErr());
    }

    /** Prints the failure as error/fix lines and returns its exit code. */
    int report(Throwable failure, PrintWriter err) {
        RuntimeException explained = explain(failure);
        err.println("error: " + explained.getMessage());
        String fix = explained instanceof BootstrapException b ? b.fix()
                : explained instanceof InvalidInputException i ? i.fix() : null;
        if (fix != null) {
            err.println("fix: " + fix);
        }
        err.flush();
        return getExitCode(explained);
    }

    /** Maps SDK and identity failures to one explained line and its fix; ours pass through. */
    static RuntimeException explain(Throwable failure) {
        if (failure instanceof BootstrapException || failure instanceof InvalidInputException) {
            return (RuntimeException) failure;
        }
        // Ours from inside an SDK call (the emulator credential's), possibly wrapped by the SDK or Reactor.
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof BootstrapException b) {
                return b;
            }
        }
        if (failure instanceof ManagementException e) {
            return management(e);
        }
        if (failure instanceof ClientAuthenticationException || failure instanceof CredentialUnavailableException
                || hasCause(failure, "com.microsoft.aad.msal4j.MsalServiceException")) {
            return authentication(failure);
        }
        if (hasCause(failure, ConnectException.class.getName()) || hasCause(failure, UnknownHostException.class.getName())) {
            return new BootstrapException("cannot connect: " + rootMessage(failure),
                    "check the network (or that the emulator of --emulator-info is still running)", failure);
        }
        if (failure instanceof HttpResponseException e && e.getResponse() != null) {
            return new BootstrapException("request failed with HTTP " + e.getResponse().getStatusCode() + ": "
                    + firstLine(e.getMessage()), "see the message above; re-run when the cause is fixed", failure);
        }
        return new BootstrapException(failure.getClass().getSimpleName() + ": " + firstLine(failure.getMessage()),
                "re-run; if it persists, report it with this line", failure);
    }

    private static BootstrapException management(ManagementException e) {
        String code = e.getValue() == null || e.getValue().getCode() == null ? "" : e.getValue().getCode();
        String message = e.getValue() == null ? firstLine(e.getMessage()) : firstLine(e.getValue().getMessage());
        int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
        switch (code) {
            case "SubscriptionNotFound", "InvalidSubscriptionId" -> {
                return new BootstrapException("unknown subscription: " + message,
                        "check --subscription (or subscription: in the spec) against `az account list -o table`", e);
            }
            case "AuthorizationFailed", "LinkedAuthorizationFailed" -> {
                return new BootstrapException("missing permission: " + message,
                        "ask an owner for Key Vault Contributor on the resource group (vaults, access policies), "
                                + "plus User Access Administrator for rbac role assignments", e);
            }
            case "InvalidAuthenticationToken", "ExpiredAuthenticationToken", "AuthenticationFailed" -> {
                return authentication(e);
            }
            case "ResourceGroupNotFound" -> {
                return new BootstrapException("resource group not found: " + message,
                        "create it (`apply` does, or `az group create`) or check -g", e);
            }
            case "VaultAlreadyExists", "ConflictError" -> {
                return new BootstrapException("vault name taken: " + message,
                        "run `vault check-name <name>` to see who holds it, or pick another name", e);
            }
            default -> {
                if (status == 401) {
                    return authentication(e);
                }
                if (status == 403) {
                    return new BootstrapException("missing permission (" + code + "): " + message,
                            "ask an owner of the subscription for the role that allows this operation", e);
                }
                return new BootstrapException("Azure Resource Manager refused (HTTP " + status + ", " + code + "): "
                        + message, "correct what the message names and re-run", e);
            }
        }
    }

    private static BootstrapException authentication(Throwable e) {
        return new BootstrapException("authentication failed: " + firstLine(rootMessage(e)),
                "run `az login` (and `az account set -s <subscription>`), or set AZURE_TENANT_ID/AZURE_CLIENT_ID/"
                        + "AZURE_CLIENT_SECRET; for the emulator pass --emulator-info", e);
    }

    /** A data-plane failure during {@code operation} on {@code vault}, naming the caller and the permission to add. */
    static RuntimeException dataPlane(HttpResponseException e, Connection connection, String vault, String operation) {
        return dataPlane(e, connection, vault, operation, "secrets: [get, list, set, delete, recover] (rbac: roles: "
                + "[Key Vault Secrets Officer])", "--secrets get,list,set,delete,recover");
    }

    /**
     * As {@link #dataPlane(HttpResponseException, Connection, String, String)} for keys or certificates: {@code access}
     * is the spec's access entry to add, {@code grantFlags} the {@code policy grant} flags.
     */
    static RuntimeException dataPlane(HttpResponseException e, Connection connection, String vault, String operation,
            String access, String grantFlags) {
        int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
        if (status == 403) {
            String caller = safeCaller(connection);
            return new BootstrapException("your identity (object id " + caller + ") may not " + operation + " in vault "
                    + vault + ": " + firstLine(e.getMessage()),
                    "add yourself to access: with " + access + " and re-run, or `policy grant " + vault
                            + " --object-id " + caller + " " + grantFlags + "`", e);
        }
        if (status == 401) {
            return authentication(e);
        }
        return explain(e);
    }

    private static String safeCaller(Connection connection) {
        try {
            return connection.callerObjectId();
        } catch (RuntimeException e) {
            return "<your object id>";
        }
    }

    private static boolean hasCause(Throwable failure, String className) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = (nl < 0 ? message : message.substring(0, nl)).strip();
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }
}
