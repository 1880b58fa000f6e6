package org.nordhub.fhirserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;

/**
 * A partner's FHIR R4 directory: HAPI FHIR's plain RESTful server with in-memory Organization,
 * Location and HealthcareService providers, on Jetty at 127.0.0.1.
 *
 * <p>Usage: {@code FhirServer <port> <bundle.json>}. Tests change the directory with updates
 * (PUT) and deletes, as a partner's own system would. The resources come from a FHIR Bundle file,
 * read once at start. Searches support {@code _lastUpdated} (every prefix HAPI parses) and
 * {@code _count}; pages beyond the first are served by HAPI's own in-memory paging provider as
 * {@code ?_getpages=<search id>&_getpagesoffset=N} links, which a restart forgets (they answer
 * 410 Gone afterwards, as a real server's expired search does). The server prints one
 * {@code READY} line once it accepts connections and stops when its standard input closes.
 */
public final class FhirServer {
  private FhirServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: FhirServer <port> <bundle.json>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    FhirContext context = FhirContext.forR4();
    Bundle bundle;
    try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
      bundle = context.newJsonParser().parseResource(Bundle.class, in);
    }
    Map<String, List<Resource>> byType = new LinkedHashMap<>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Resource resource = entry.getResource();
      byType.computeIfAbsent(resource.fhirType(), k -> new ArrayList<>()).add(resource);
    }

    RestfulServer fhir = new Directory(context, byType);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setReuseAddress(true);
    server.addConnector(connector);
    ServletContextHandler handler = new ServletContextHandler();
    handler.setContextPath("/");
    handler.addServlet(new ServletHolder(fhir), "/fhir/*");
    server.setHandler(handler);
    server.setStopTimeout(0);
    server.start();

    System.out.println("READY http://127.0.0.1:" + port + "/fhir");
    System.out.flush();
    waitForEof(System.in);
    server.stop();
    System.exit(0);
  }

  private static void waitForEof(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // Only the end of standard input matters: the parent is gone.
      }
    } catch (IOException e) {
      // A broken pipe means the parent is gone, the same as end of file.
    }
  }

  /** The RESTful server: one provider per resource type, paging in memory. */
  static final class Directory extends RestfulServer {
    private final transient Map<String, List<Resource>> byType;

    Directory(FhirContext context, Map<String, List<Resource>> byType) {
      super(context);
      this.byType = byType;
    }

    @Override
    protected void initialize() throws ServletException {
      FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(1000);
      paging.setDefaultPageSize(50);
      paging.setMaximumPageSize(500);
      setPagingProvider(paging);
      setDefaultPrettyPrint(false);
      setResourceProviders(
          new Provider<>(Organization.class, byType.getOrDefault("Organization", List.of())),
          new Provider<>(Location.class, byType.getOrDefault("Location", List.of())),
          new Provider<>(
              HealthcareService.class, byType.getOrDefault("HealthcareService", List.of())));
    }
  }

  /**
   * One resource type held in memory, ordered by id. Tests change it as a partner would: an
   * update (PUT) replaces or adds a resource and stamps {@code meta.lastUpdated}; a delete
   * removes it from every later search.
   */
  public static final class Provider<T extends Resource> implements IResourceProvider {
    private final Class<T> type;
    private final List<Resource> resources;

    Provider(Class<T> type, List<Resource> resources) {
      this.type = type;
      this.resources = new ArrayList<>(resources);
      this.resources.sort(Comparator.comparing(r -> r.getIdElement().getIdPart()));
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return type;
    }

    @Update
    public synchronized MethodOutcome update(@IdParam IdType id, @ResourceParam T resource) {
      resource.setId(id.getIdPart());
      resource.getMeta().setLastUpdated(new Date());
      boolean created = resources.removeIf(r -> r.getIdElement().getIdPart().equals(id.getIdPart()));
      resources.add(resource);
      resources.sort(Comparator.comparing(r -> r.getIdElement().getIdPart()));
      return new MethodOutcome(new IdType(type.getSimpleName(), id.getIdPart()), !created);
    }

    @Delete
    public synchronized MethodOutcome delete(@IdParam IdType id) {
      if (!resources.removeIf(r -> r.getIdElement().getIdPart().equals(id.getIdPart()))) {
        throw new ResourceNotFoundException(id);
      }
      return new MethodOutcome();
    }

    @Read
    public synchronized Resource read(@IdParam IdType id) {
      for (Resource resource : resources) {
        if (resource.getIdElement().getIdPart().equals(id.getIdPart())) {
          return resource;
        }
      }
      throw new ResourceNotFoundException(id);
    }

    @Search
    public synchronized List<Resource> search(@OptionalParam(name = "_lastUpdated") DateRangeParam updated) {
      List<Resource> found = new ArrayList<>();
      for (Resource resource : resources) {
        if (updated == null || matches(updated, resource.getMeta().getLastUpdated())) {
          found.add(resource);
        }
      }
      return found;
    }

    private static boolean matches(DateRangeParam range, Date when) {
      if (when == null) {
        return false;
      }
      for (DateParam bound : range.getValuesAsQueryTokens()) {
        Date value = bound.getValue();
        if (value == null) {
          continue;
        }
        int order = when.compareTo(value);
        boolean ok =
            switch (bound.getPrefix() == null
                ? ca.uhn.fhir.rest.param.ParamPrefixEnum.EQUAL
                : bound.getPrefix()) {
              case GREATERTHAN, STARTS_AFTER -> order > 0;
              case GREATERTHAN_OR_EQUALS -> order >= 0;
              case LESSTHAN, ENDS_BEFORE -> order < 0;
              case LESSTHAN_OR_EQUALS -> order <= 0;
              case NOT_EQUAL -> order != 0;
              default -> order == 0;
            };
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
