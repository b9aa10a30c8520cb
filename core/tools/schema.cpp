// SPDX-License-Identifier: MIT
#include "schema.h"

namespace Sanzaru::Core {

namespace {
QJsonObject typed(const char *type, const QString &description)
{
    QJsonObject o{{QStringLiteral("type"), QLatin1String(type)}};
    if (!description.isEmpty())
        o.insert(QStringLiteral("description"), description);
    return o;
}
} // namespace

QJsonObject Schema::string(const QString &d)
{
    return typed("string", d);
}
QJsonObject Schema::integer(const QString &d)
{
    return typed("integer", d);
}
QJsonObject Schema::number(const QString &d)
{
    return typed("number", d);
}
QJsonObject Schema::boolean(const QString &d)
{
    return typed("boolean", d);
}
QJsonObject Schema::anyObject(const QString &d)
{
    return typed("object", d);
}

QJsonObject Schema::stringEnum(const QStringList &values, const QString &description)
{
    QJsonObject o = typed("string", description);
    o.insert(QStringLiteral("enum"), QJsonArray::fromStringList(values));
    return o;
}

QJsonObject Schema::stringArray(const QString &description)
{
    QJsonObject o = typed("array", description);
    o.insert(QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}});
    return o;
}

QJsonObject Schema::nullable(QJsonObject schema)
{
    const QJsonValue type = schema.value(QStringLiteral("type"));
    QJsonArray types = type.isArray() ? type.toArray() : QJsonArray{type};
    if (types.contains(QStringLiteral("null")))
        return schema;
    types.append(QStringLiteral("null"));
    schema.insert(QStringLiteral("type"), types);
    if (schema.contains(QStringLiteral("enum"))) {
        QJsonArray values = schema.value(QStringLiteral("enum")).toArray();
        values.append(QJsonValue::Null);
        schema.insert(QStringLiteral("enum"), values);
    }
    return schema;
}

QJsonObject Schema::nullableOptionals(QJsonObject objectSchema)
{
    const QJsonArray required = objectSchema.value(QStringLiteral("required")).toArray();
    QJsonObject props = objectSchema.value(QStringLiteral("properties")).toObject();
    for (auto it = props.begin(); it != props.end(); ++it) {
        QJsonObject property = it.value().toObject();
        if (property.contains(QStringLiteral("properties")))
            property = nullableOptionals(property);
        if (!required.contains(it.key()))
            property = nullable(property);
        it.value() = property;
    }
    if (!props.isEmpty())
        objectSchema.insert(QStringLiteral("properties"), props);
    return objectSchema;
}

QJsonObject Schema::withDefault(QJsonObject schema, const QJsonValue &value)
{
    schema.insert(QStringLiteral("default"), value);
    return schema;
}

QJsonObject Schema::object(const QJsonObject &properties, const QStringList &required)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("object")},
                  {QStringLiteral("properties"), properties}};
    if (!required.isEmpty())
        o.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    return o;
}

QJsonObject Schema::sizePair(const QString &description)
{
    QJsonObject o = typed("array", description);
    o.insert(QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}});
    o.insert(QStringLiteral("minItems"), 2);
    o.insert(QStringLiteral("maxItems"), 2);
    return o;
}

} // namespace Sanzaru::Core
