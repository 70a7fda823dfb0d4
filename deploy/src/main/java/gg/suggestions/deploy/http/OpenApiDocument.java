package gg.suggestions.deploy.http;

import gg.suggestions.eventstore.limits.Limits;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}: what springdoc reads from the controllers, plus
 * what it cannot (the bearer scheme, the command envelope read by hand, the problem documents).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

  private static final String BEARER = "bearer";
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String PROBLEM = "Problem";

  @Bean
  OpenAPI suggestionsOpenApi(@Value("${suggestions.api.version:development}") String version) {
    return new OpenAPI()
        .info(
            new Info()
                .title("Suggestions API")
                .version(version)
                .description(
                    "Commands (POST /commands) go through the command log and are answered with"
                        + " their decision; queries read the projections, and with atLeast wait"
                        + " until a write is applied. Every request needs the bearer token"
                        + " (SUGGESTIONS_API_TOKEN). Every refusal is an RFC 9457 problem"
                        + " document whose detail and 'parameter' name the part at fault."))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme(BEARER))
                .addSchemas(PROBLEM, problemSchema()))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }

  @Bean
  OpenApiCustomizer problemsAndCommandBody() {
    return api -> {
      api.getPaths().forEach((path, item) -> item.readOperations().forEach(this::declareProblems));
      PathItem commands = api.getPaths().get("/commands");
      if (commands != null && commands.getPost() != null) {
        commands.getPost().requestBody(commandBody());
      }
    };
  }

  private void declareProblems(Operation operation) {
    ApiResponses responses = operation.getResponses();
    Map.of(
            "400", "A parameter, header or body was refused; the detail names it",
            "401", "A missing or wrong bearer token",
            "403", "The API is disabled: no token is configured",
            "404", "No such resource",
            "413", "The body is too large",
            "415", "The Content-Type is not application/json")
        .forEach(
            (status, description) -> {
              if (!responses.containsKey(status)) {
                responses.addApiResponse(status, problem(description));
              }
            });
  }

  private static ApiResponse problem(String description) {
    Schema<?> ref = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
    return new ApiResponse()
        .description(description)
        .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref)));
  }

  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("RFC 9457 problem details")
        .addProperty("type", new StringSchema())
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema())
        .addProperty(Problems.PARAMETER, new StringSchema().description("The refused part"));
  }

  private static RequestBody commandBody() {
    Schema<?> envelope =
        new ObjectSchema()
            .description(
                "A command envelope of at most "
                    + Limits.COMMAND_MAX_BYTES
                    + " bytes; schema, commandId, replyTo and issuedAt may be left out")
            .addProperty("type", new StringSchema().example("SetGuildToggle"))
            .addProperty("guildId", new StringSchema().description("A Discord id"))
            .addProperty("locale", new StringSchema().example("en-GB"))
            .addProperty("actor", new ObjectSchema())
            .addProperty("payload", new ObjectSchema());
    envelope.required(List.of("type", "actor", "payload"));
    return new RequestBody()
        .required(true)
        .content(new Content().addMediaType("application/json", new MediaType().schema(envelope)));
  }
}
