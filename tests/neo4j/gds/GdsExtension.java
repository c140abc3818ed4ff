// Registers Graph Data Science with the test server.
//
// The GDS procedures on Maven Central (org.neo4j.gds:proc) come without the
// kernel extension that the packaged plugin jar carries; without it the server
// refuses to start ("GraphDataScienceProcedures is not a known injectable
// component"). This extension builds the open edition's components the same
// way: native writes only, no metrics, an in-memory model catalog, no model
// storage. fetch.sh compiles it into lib/plugins/.
package claimgraph.tests;

import java.util.Optional;

import org.neo4j.annotations.service.ServiceProvider;
import org.neo4j.configuration.Config;
import org.neo4j.gds.applications.operations.FeatureTogglesRepository;
import org.neo4j.gds.core.model.OpenModelCatalog;
import org.neo4j.gds.core.write.NativeExportBuildersProvider;
import org.neo4j.gds.metrics.Metrics;
import org.neo4j.gds.procedures.integration.DefaultExportLocation;
import org.neo4j.gds.procedures.integration.LogAccessor;
import org.neo4j.gds.procedures.integration.OpenGraphDataScienceExtensionBuilder;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.logging.internal.LogService;

@ServiceProvider
public final class GdsExtension extends ExtensionFactory<GdsExtension.Dependencies> {
    public GdsExtension() {
        super(ExtensionType.GLOBAL, "claimgraph.gds");
    }

    @Override
    public Lifecycle newInstance(ExtensionContext context, Dependencies dependencies) {
        var log = new LogAccessor().getLog(dependencies.logService(), getClass());
        var config = dependencies.config();
        return OpenGraphDataScienceExtensionBuilder.create(
                log,
                dependencies.globalProcedures(),
                config,
                (database, configuration) -> new NativeExportBuildersProvider(),
                new DefaultExportLocation(log, config),
                new FeatureTogglesRepository(),
                Metrics.DISABLED,
                new OpenModelCatalog(),
                model -> {
                    throw new UnsupportedOperationException("storing models needs GDS Enterprise");
                },
                Optional.empty(),
                Optional.empty(),
                Optional.empty())
            .getLeft()
            .build();
    }

    public interface Dependencies {
        Config config();

        GlobalProcedures globalProcedures();

        LogService logService();
    }
}
